using Ferry.Testing.Reliability;

namespace Ferry.Bench;

/// <summary>
/// <c>reliability [--scenario name] [--rows N] [--crashes N] [--outage hh:mm:ss] [--seed S] [--creates-per-second N]</c>:
/// the reliability suite at full size (the CI tests run the same scenarios shortened). Prints each scenario's
/// figures and any guarantee that did not hold; exits 1 if one failed. Without <c>--seed</c> each run draws a new seed
/// and prints it; pass it back to replay the same kill points.
/// </summary>
internal static class ReliabilityBenchmark
{
    private static readonly Dictionary<string, Func<BenchArguments, Task<ScenarioReport>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["crash"] = a =>
        {
            var full = new CrashSettings();
            return CrashScenario.RunAsync(new CrashSettings
            {
                Rows = a.Int("rows", full.Rows),
                Crashes = a.Int("crashes", full.Crashes),
                Seed = Seed(a),
                CreatesPerSecond = a.Int("creates-per-second", full.CreatesPerSecond),
            });
        },
        ["auth0-crash"] = a =>
        {
            var full = new Auth0CrashSettings();
            return Auth0CrashScenario.RunAsync(new Auth0CrashSettings
            {
                Users = a.Int("rows", full.Users),
                Crashes = a.Int("crashes", full.Crashes),
                Existing = a.Int("existing", full.Existing),
                UsersPerSecond = a.Int("users-per-second", full.UsersPerSecond),
                ManagementRequestsPerSecond = a.Int("management-per-second", 0) is > 0 and var perSecond ? perSecond : null,
            });
        },
        ["node-loss"] = a =>
        {
            var full = new NodeLossSettings();
            return NodeLossScenario.RunAsync(new NodeLossSettings
            {
                Rows = a.Int("rows", full.Rows),
                Seed = Seed(a),
                CreatesPerSecond = a.Int("creates-per-second", full.CreatesPerSecond),
            });
        },
        ["storage-loss"] = a =>
        {
            var full = new StorageLossSettings();
            return StorageLossScenario.RunAsync(new StorageLossSettings
            {
                Rows = a.Int("rows", full.Rows),
                Outage = a.Duration("outage", full.Outage),
                Seed = Seed(a),
                CreatesPerSecond = a.Int("creates-per-second", full.CreatesPerSecond),
            });
        },
        ["okta-faults"] = a =>
        {
            var full = new OktaFaultsSettings();
            return OktaFaultsScenario.RunAsync(new OktaFaultsSettings
            {
                Rows = a.Int("rows", full.Rows),
                OutageRows = a.Int("outage-rows", full.OutageRows),
                Seed = Seed(a),
                Window = a.Duration("window", full.Window),
            });
        },
        ["small-jobs"] = a => SmallJobsScenario.RunAsync(new SmallJobsSettings { Jobs = a.Int("jobs", new SmallJobsSettings().Jobs) }),
        ["learned-window"] = a =>
        {
            var full = new LearnedWindowSettings();
            return LearnedWindowScenario.RunAsync(new LearnedWindowSettings { Rows = a.Int("rows", full.Rows), Window = a.Duration("window", full.Window) });
        },
        ["other-apps"] = a =>
        {
            var full = new OtherAppsSettings();
            return OtherAppsScenario.RunAsync(new OtherAppsSettings
            {
                Rows = a.Int("rows", full.Rows),
                Window = a.Duration("window", full.Window),
                BackgroundShare = a.Double("background", full.BackgroundShare),
            });
        },
        ["terminate-continue"] = a =>
        {
            var full = new TerminateContinueSettings();
            return TerminateContinueScenario.RunAsync(new TerminateContinueSettings { Rows = a.Int("rows", full.Rows), TerminateAt = a.Int("terminate-at", full.TerminateAt) });
        },
        ["bad-input"] = a => BadInputScenario.RunAsync(new BadInputSettings { GoodRows = a.Int("good-rows", new BadInputSettings().GoodRows) }),
        ["secrets"] = a => SecretsScenario.RunAsync(new SecretsSettings { Rows = a.Int("rows", new SecretsSettings().Rows) }),
    };

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var only = arguments.String("scenario", "");
        if (only.Length > 0 && !Scenarios.ContainsKey(only))
        {
            Console.Error.WriteLine($"unknown scenario '{only}'; one of: {string.Join(", ", Scenarios.Keys)}");
            return 2;
        }

        var failed = 0;
        foreach (var (name, run) in Scenarios.Where(s => only.Length == 0 || s.Key == only))
        {
            Console.WriteLine($"== {name}");
            var report = await run(arguments);
            Console.WriteLine(report);
            failed += report.Passed ? 0 : 1;
        }

        Console.WriteLine(Machine.Describe());
        return failed == 0 ? 0 : 1;
    }

    private static int Seed(BenchArguments arguments) => arguments.Int("seed", Random.Shared.Next(1, 1_000_000));
}
