using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>The okta-faults scenario, shortened (the full size runs from <c>Ferry.Bench reliability --scenario okta-faults</c>).</summary>
public sealed class OktaFaultsTests
{
    [Fact]
    public async Task FaultyOkta_EveryValidRowCreated_NobodyTwice_AndAnOutagesFailuresAreReportedWithTheirCause()
    {
        var report = await OktaFaultsScenario.RunAsync(OktaFaultsSettings.Short, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
    }
}
