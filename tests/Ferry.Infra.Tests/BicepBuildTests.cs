using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>The templates compile with bicep 0.49.2 and its linter says nothing: no error, no warning, no info.</summary>
public sealed partial class BicepBuildTests(CompiledTemplates templates)
{
    [Fact]
    public void Build_MainBicep_PrintsNoDiagnostics()
    {
        Assert.True(templates.MainBuild.ExitCode == 0, templates.MainBuild.ToString());
        Assert.Empty(templates.MainBuild.Diagnostics);
    }

    [Fact]
    public void Build_InboxSubscription_PrintsNoDiagnostics()
    {
        Assert.True(templates.SubscriptionBuild.ExitCode == 0, templates.SubscriptionBuild.ToString());
        Assert.Empty(templates.SubscriptionBuild.Diagnostics);
    }

    [Fact]
    public async Task Lint_MainAndInboxSubscription_ReportNothing()
    {
        // Linting main.bicep lints every module it references (a module's diagnostics are reported at the module).
        var results = await Task.WhenAll(
            Bicep.RunAsync("lint", Repository.PathOf(CompiledTemplates.MainBicep)),
            Bicep.RunAsync("lint", Repository.PathOf(CompiledTemplates.SubscriptionBicep)));

        foreach (var result in results)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Empty(result.Diagnostics);
        }
    }

    [Fact]
    public void EveryBicepFile_IsMainOrItsModuleOrTheInboxSubscription()
    {
        // So that the two builds and lints above cover every .bicep file: none is left unchecked.
        var main = Repository.Read(CompiledTemplates.MainBicep);
        var modules = ModulePath().Matches(main).Select(m => $"infra/{m.Groups[1].Value}").ToHashSet(StringComparer.Ordinal);
        var files = Repository.InfraFiles().Where(f => f.EndsWith(".bicep", StringComparison.Ordinal)).ToList();

        var notChecked = files.Where(f => f != CompiledTemplates.MainBicep && f != CompiledTemplates.SubscriptionBicep && !modules.Contains(f)).ToList();

        Assert.Empty(notChecked);
        Assert.All(modules, m => Assert.Contains(m, files));
    }

    [Fact]
    public void BicepFiles_ReferenceNoRegistryOrTemplateSpecModule()
    {
        // No network here and none wanted at deploy time beyond Azure itself: every module is a local file.
        var remote = Repository.InfraFiles()
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal))
            .Where(f => RemoteModule().IsMatch(Repository.Read(f)))
            .ToList();

        Assert.Empty(remote);
    }

    [Fact]
    public void BicepConfig_EnablesTheLinter_WithNoRuleBelowWarning()
    {
        using var config = JsonDocument.Parse(
            Repository.Read("infra/bicepconfig.json"),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");

        Assert.True(core.GetProperty("enabled").GetBoolean());
        if (core.TryGetProperty("rules", out var rules))
        {
            foreach (var rule in rules.EnumerateObject())
            {
                Assert.Contains(rule.Value.GetProperty("level").GetString(), new[] { "warning", "error" });
            }
        }
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+\.bicep)'", RegexOptions.Multiline)]
    private static partial Regex ModulePath();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(br[:/]|ts[:/])", RegexOptions.Multiline)]
    private static partial Regex RemoteModule();
}
