using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>The bad-input scenario with a smaller good job (the full size runs from <c>Ferry.Bench reliability --scenario bad-input</c>).</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task HostileFiles_EachGiveTheirDocumentedOutcome_WhileAGoodJobCompletes_AndTheServerStaysUp()
    {
        var report = await BadInputScenario.RunAsync(BadInputSettings.Short, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
    }
}
