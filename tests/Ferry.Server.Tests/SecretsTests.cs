using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>The secrets scenario on fewer rows (the full size runs from <c>Ferry.Bench reliability --scenario secrets</c>).</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task FullRun_NoPasswordHashSaltOrTokenInLogsStateReportsOrPayloads()
    {
        var report = await SecretsScenario.RunAsync(SecretsSettings.Short, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public async Task ServiceAppRun_NoPrivateKeyOrAccessTokenEither()
    {
        var report = await SecretsScenario.RunAsync(SecretsSettings.Short with { ServiceApp = true }, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
    }
}
