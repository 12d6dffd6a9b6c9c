using System.Reflection;

namespace Ferry.Server.Tests;

/// <summary>Every configuration key the server binds is documented in docs/configuration.md and listed in local.settings.sample.json.</summary>
public sealed class ConfigurationDocsTests
{
    /// <summary>Keys bound outside an options class with a SectionName (StorageOptions maps these by hand).</summary>
    private static readonly string[] HandMappedKeys =
    [
        "AzureWebJobsStorage", "AzureWebJobsStorage:accountName", "AzureWebJobsStorage:credential", "AzureWebJobsStorage:clientId", "Ferry:Inbox:Container", "Ferry:Reports:Container", "Ferry:State:Container",
    ];

    /// <summary>Azure Functions' own keys, in the sample because local.settings.json is Functions' format too.</summary>
    private static readonly string[] FunctionsKeys = ["FUNCTIONS_WORKER_RUNTIME"];

    [Fact]
    public void EveryServerKey_IsInConfigurationMd_AndTheSample()
    {
        var assemblies = new[] { "Ferry.Server", "Ferry.Core", "Ferry.Orchestration", "Ferry.Storage", "Ferry.Management" }
            .Select(name => Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(RepositoryPaths.ProjectOutput("Ferry.Server"))!, $"{name}.dll")))
            .ToList();
        var sections = assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not null)
            .ToList();
        var keys = sections.SelectMany(Docs.ConfigurationKeys).Concat(HandMappedKeys).ToList();
        var sampleKeys = keys.Concat(FunctionsKeys).ToList();

        // Okta, Auth0, Ferry:Budget, Ferry:Jobs, Ferry:Auth0, Ferry:Durable, Ferry:Inbox, Ferry:Api (keys, and the request
        // limits both hosts read), Ferry:ForwardedHeaders, Ferry:Telemetry — a new options class shows up here too.
        Assert.Equal(11, sections.Count);
        Assert.Equal(7, assemblies[3].GetType("Ferry.Storage.StorageOptions", throwOnError: true)!.GetProperties().Length);
        Assert.Empty(Docs.Undocumented("docs/configuration.md", keys));
        var notInSample = sampleKeys.Except(Docs.SampleSettingsKeys()).ToList();
        Assert.Empty(notInSample);
        var unknownInSample = Docs.SampleSettingsKeys().Except(sampleKeys).ToList();
        Assert.Empty(unknownInSample);
    }
}
