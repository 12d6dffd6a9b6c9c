using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>azure.yaml, main.parameters.json, the outputs the hooks read, and docs/deploy.md's parameter table agree with main.bicep.</summary>
public sealed partial class AzdTests(CompiledTemplates templates)
{
    private static readonly string[] HookFiles = ["infra/hooks/postdeploy.sh", "infra/hooks/postdeploy.ps1"];

    /// <summary>Variables azd itself gives hooks (not outputs of main.bicep).</summary>
    private static readonly string[] AzdVariables = ["AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_PRINCIPAL_ID"];

    private static Dictionary<string, object> AzureYaml => SimpleYaml.Parse(Repository.Read("azure.yaml"));

    [Fact]
    public void AzureYaml_DeploysTheFunctionsServiceFromFerryFunctions()
    {
        var yaml = AzureYaml;

        Assert.Equal("ferry", SimpleYaml.Scalar(yaml, "name"));
        Assert.Equal("./src/Ferry.Functions", SimpleYaml.Scalar(yaml, "services.functions.project"));
        Assert.Equal("dotnet", SimpleYaml.Scalar(yaml, "services.functions.language"));
        Assert.Equal("function", SimpleYaml.Scalar(yaml, "services.functions.host"));
        Assert.True(File.Exists(Repository.PathOf("src/Ferry.Functions/Ferry.Functions.csproj")));
        Assert.Equal("bicep", SimpleYaml.Scalar(yaml, "infra.provider"));
        Assert.Equal("infra", SimpleYaml.Scalar(yaml, "infra.path"));
        Assert.True(File.Exists(Repository.PathOf($"infra/{SimpleYaml.Scalar(yaml, "infra.module") ?? "main"}.bicep")));
    }

    [Fact]
    public void AzureYaml_PostdeployHooksExist_AndThePosixOneIsExecutable()
    {
        var yaml = AzureYaml;
        var posix = SimpleYaml.Scalar(yaml, "hooks.postdeploy.posix.run");
        var windows = SimpleYaml.Scalar(yaml, "hooks.postdeploy.windows.run");

        Assert.Equal(HookFiles, new[] { posix?.TrimStart('.', '/'), windows?.TrimStart('.', '/') });
        Assert.All(HookFiles, f => Assert.True(File.Exists(Repository.PathOf(f)), $"{f} is missing"));
        Assert.Equal("sh", SimpleYaml.Scalar(yaml, "hooks.postdeploy.posix.shell"));
        Assert.Equal("pwsh", SimpleYaml.Scalar(yaml, "hooks.postdeploy.windows.shell"));
        // azd runs the posix hook as a file: it needs its executable bit (kept by git).
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(Repository.PathOf(HookFiles[0])).HasFlag(UnixFileMode.UserExecute), $"{HookFiles[0]} is not executable");
    }

    [Fact]
    public void Hooks_DeployTheInboxSubscriptionTemplate_WithBothItsParameters()
    {
        var parameters = templates.Subscription.Parameters.Select(p => p.Key).ToList();

        Assert.Equal(["functionAppName", "systemTopicName"], parameters.Order(StringComparer.Ordinal));
        foreach (var hook in HookFiles)
        {
            var text = Repository.Read(hook);
            Assert.Contains("app/inbox-subscription.bicep", text, StringComparison.Ordinal);
            Assert.Contains("az deployment group create", text, StringComparison.Ordinal);
            Assert.All(parameters, p => Assert.Contains($"{p}=", text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Hooks_ReadOnlyVariablesThatMainOutputsOrAzdSets()
    {
        var outputs = templates.Main.Outputs.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var hook in HookFiles)
        {
            var used = EnvironmentVariable().Matches(Repository.Read(hook)).Select(m => m.Groups[1].Value).Distinct().ToList();

            Assert.Contains("AZURE_FUNCTION_APP_NAME", used);
            Assert.All(used, v => Assert.True(outputs.Contains(v) || AzdVariables.Contains(v), $"{hook} reads {v}, which neither main.bicep outputs nor azd sets"));
        }
    }

    [Fact]
    public void MainOutputs_NameWhatAzdNeeds()
    {
        var outputs = templates.Main.Outputs.Select(o => o.Key).ToList();

        Assert.Contains("AZURE_RESOURCE_GROUP", outputs);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_NAME", outputs);
        Assert.Contains("AZURE_LOCATION", outputs);
        Assert.Contains("AZURE_TENANT_ID", outputs);
    }

    [Fact]
    public void MainParameters_MapEveryRequiredParameter_AndOnlyParametersOfMainBicep()
    {
        var mapped = JsonNode.Parse(Repository.Read("infra/main.parameters.json"))!["parameters"]!.AsObject();
        var declared = templates.Main.Parameters;

        var unknown = mapped.Select(p => p.Key).Where(name => !declared.ContainsKey(name)).ToList();
        var required = declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")).Select(p => p.Key).ToList();

        Assert.Empty(unknown);
        Assert.All(required, name => Assert.True(mapped.ContainsKey(name), $"{name} is required and main.parameters.json does not map it"));
        Assert.Equal("${AZURE_ENV_NAME}", (string)mapped["environmentName"]!["value"]!);
        Assert.Equal("${AZURE_LOCATION}", (string)mapped["location"]!["value"]!);
        Assert.Equal("${OKTA_ORG_URL}", (string)mapped["oktaOrgUrl"]!["value"]!);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string)mapped["principalId"]!["value"]!);
    }

    [Fact]
    public void DeployDoc_TablesEveryParameterOfMainBicep()
    {
        var doc = Repository.Read("docs/deploy.md");
        var rows = doc.Split('\n').Where(l => l.TrimStart().StartsWith("| `", StringComparison.Ordinal)).ToList();

        var missing = templates.Main.Parameters.Select(p => p.Key)
            .Where(name => !rows.Any(r => r.TrimStart().StartsWith($"| `{name}`", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(missing);
    }

    // $NAME, ${NAME…}, $env:NAME with an underscore in NAME (AZURE_…, not $LASTEXITCODE).
    [GeneratedRegex(@"\$(?:\{|env:)?([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])")]
    private static partial Regex EnvironmentVariable();
}
