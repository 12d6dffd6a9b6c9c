using System.Reflection;
using System.Text.Json;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Outcomes;
using Ferry.Core.RateLimiting;
using Ferry.Core.Reports;
using Ferry.Testing;

namespace Ferry.Core.Tests;

/// <summary>Every externally visible name of the domain (options, values, report columns and fields, codes) is documented.</summary>
public sealed class DocsTests
{
    [Fact]
    public void EveryJobOption_AndEveryValue_IsInJobsMd()
    {
        var wire = new JobOptions().ToWire();
        Assert.Equal(JobOptions.Names.All.Order(), wire.Keys.Order());
        var values = new[] { "import", "reactivate", "assign-groups", "update-profiles", "none", "activate", "activate-with-email", "skip", "add-groups", "update", "fail", "changePassword", "true", "false", "okta", "auth0" };
        foreach (var value in values)
        {
            // Each value listed must parse for some option: the list above is the documented set, not a guess.
            // (With activation on, as nextLogin=changePassword needs it.)
            Assert.Contains(JobOptions.Names.All, name => JobOptions.Parse(
                name == JobOptions.Names.Activation
                    ? [KeyValuePair.Create(name, (string?)value)]
                    : [KeyValuePair.Create(name, (string?)value), KeyValuePair.Create(JobOptions.Names.Activation, (string?)"activate")],
                strict: true).Errors.Count == 0);
        }

        Assert.Empty(Docs.Undocumented("docs/jobs.md", JobOptions.Names.All.Concat(values)));
    }

    [Fact]
    public void EveryJobLevelErrorCode_IsInJobsMd()
    {
        var codes = ConstantsOf(typeof(CsvFailureCodes)).Concat(["invalid-rows", "invalid-options", "okta-unauthorized", "okta-missing-scope", "auth0-unauthorized", "auth0-not-configured"]);

        Assert.Empty(Docs.Undocumented("docs/jobs.md", codes));
    }

    [Fact]
    public void EveryReportColumn_ActionAndRowErrorCode_IsInReportsMd()
    {
        var reports = Docs.Read("docs/reports.md");

        Assert.Contains($"`{string.Join(',', ResultsCsv.Columns)}`", reports, StringComparison.Ordinal);
        Assert.Contains($"`{string.Join(',', FailedCsv.Columns)}`", reports, StringComparison.Ordinal);
        Assert.Empty(Docs.Undocumented("docs/reports.md", ResultsCsv.Columns));
        Assert.Empty(Docs.Undocumented("docs/reports.md", RowAction.All));
        Assert.Empty(Docs.Undocumented("docs/reports.md", ConstantsOf(typeof(RowErrorCodes))));
        Assert.Empty(Docs.Undocumented("docs/reports.md", ReportNames.All.Select(n => $"{{instanceId}}/{n}")));
    }

    [Fact]
    public void EverySummaryField_IsInReportsMd()
    {
        var fields = JsonFieldNames(typeof(JobSummary))
            .Concat(JsonFieldNames(typeof(GroupsSummary)))
            .Concat(JsonFieldNames(typeof(GroupProblem)))
            .Concat(JsonFieldNames(typeof(BucketCalls)))
            .Concat(JsonFieldNames(typeof(JobFailure)))
            .Distinct();

        // In the field table as `name`, or in the example as "name".
        var text = Docs.Read("docs/reports.md");
        var spans = Docs.CodeSpans("docs/reports.md");
        var missing = fields.Where(f => !spans.Contains(f) && !text.Contains($"\"{f}\"", StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryBucket_IsInReportsMdAndSandboxMd()
    {
        Assert.Empty(Docs.Undocumented("docs/reports.md", OktaBuckets.All));
        Assert.Empty(Docs.Undocumented("docs/sandbox.md", OktaBuckets.All));
    }

    [Fact]
    public void OktaAndBudgetOptions_AreInConfigurationMd_AndTheSample()
    {
        var keys = Docs.ConfigurationKeys(typeof(OktaOptions)).Concat(Docs.ConfigurationKeys(typeof(RateLimitBudgetOptions))).ToList();

        Assert.Equal(21, keys.Count); // Okta:AuthorizationMode, ClientId, PrivateKey, PrivateKeyFile, KeyId, Scopes came with the service app
        Assert.Empty(Docs.Undocumented("docs/configuration.md", keys));
        var notInSample = keys.Except(Docs.SampleSettingsKeys()).ToList();
        Assert.Empty(notInSample);
    }

    private static IEnumerable<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<string> JsonFieldNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
}
