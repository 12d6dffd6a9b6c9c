using Ferry.Testing.Reliability;

namespace Ferry.Bench;

/// <summary>
/// <c>reliability [--scenario name]</c>: the reliability suite at full size (the CI tests run the same scenarios
/// shortened). Prints each scenario's figures and any guarantee that did not hold; exits 1 if one failed.
/// </summary>
internal static class ReliabilityBenchmark
{
    private static readonly Dictionary<string, Func<BenchArguments, Task<ScenarioReport>>> Scenarios = new(StringComparer.Ordinal)
    {
        // --rows, --outage-rows, --seed, --window
        ["okta-faults"] = args => OktaFaultsScenario.RunAsync(new OktaFaultsSettings
        {
            Rows = args.Int("rows", 5000),
            OutageRows = args.Int("outage-rows", 1000),
            Seed = args.Int("seed", 1),
            Window = args.Duration("window", TimeSpan.FromSeconds(5)),
        }),
        // --good-rows
        ["bad-input"] = args => BadInputScenario.RunAsync(new BadInputSettings { GoodRows = args.Int("good-rows", 2000) }),
        // --rows
        ["secrets"] = args => SecretsScenario.RunAsync(new SecretsSettings { Rows = args.Int("rows", 3000) }),
    };

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var only = arguments.String("scenario", "");
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
}
