using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>
/// The reliability scenarios of Ferry.Testing, shortened for CI. The benchmark command runs them at full size:
/// <c>dotnet run -c Release --project bench/Ferry.Bench -- reliability [--scenario crash|auth0-crash|node-loss|storage-loss|small-jobs|learned-window|other-apps|terminate-continue]</c>.
/// </summary>
public sealed class ReliabilityTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Crash_FerryKilledThreeTimesMidJob_TheJobCompletes_EveryRowOnce_NobodyCreatedTwice()
    {
        var report = await CrashScenario.RunAsync(new CrashSettings { Rows = 1_000, Crashes = 3, WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task Auth0Crash_UsersThatPreExist_FerryKilledAtEveryPhaseOfAChunk_EveryRowOnce_TheirsDuplicated_OursCreated()
    {
        var settings = new Auth0CrashSettings { Users = 6_000, Crashes = 4, Existing = 20, UsersPerSecond = 100, ManagementRequestsPerSecond = 50, WaitTimeout = WaitTimeout };
        var report = await Auth0CrashScenario.RunAsync(settings, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task NodeLoss_OneNodeKilled_ThenTheOtherRestarted_TheJobCompletes_EveryRowOnce_NobodyCreatedTwice()
    {
        var report = await NodeLossScenario.RunAsync(new NodeLossSettings { Rows = 1_000, WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task StorageLoss_StorageDownMidJob_TheJobPauses_ThenCompletes_EveryRowOnce()
    {
        var report = await StorageLossScenario.RunAsync(new StorageLossSettings { Rows = 1_000, Outage = TimeSpan.FromSeconds(20), WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task SmallJobs_EightTwoRowJobsBackToBack_EachCallsOktaWithinSeconds_NothingLeftInFlight()
    {
        var report = await SmallJobsScenario.RunAsync(new SmallJobsSettings { WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task LearnedWindow_TenSecondWindowsFerryNotTold_TheJobUsesItsShare()
    {
        var report = await LearnedWindowScenario.RunAsync(new LearnedWindowSettings { WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task OtherApps_OnSeventyPercentOfTheBucket_FerryTakesWhatTheyLeave_AndTheStatusSaysSo()
    {
        var report = await OtherAppsScenario.RunAsync(new OtherAppsSettings { WaitTimeout = WaitTimeout }, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    [Fact]
    public async Task TerminateContinue_AtFullSpeed_TheReportCountsTheUntried_AndTheRerunRunsExactlyTheRest_NobodyTwice()
    {
        var settings = new TerminateContinueSettings { Rows = 3_000, TerminateAt = 500, WaitTimeout = WaitTimeout };
        var report = await TerminateContinueScenario.RunAsync(settings, TestContext.Current.CancellationToken);
        AssertPassed(report);
    }

    private static void AssertPassed(ScenarioReport report)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
    }
}
