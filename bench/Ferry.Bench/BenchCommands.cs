namespace Ferry.Bench;

/// <summary>Dispatches <c>&lt;command&gt; [--name value]...</c> to the benchmark that owns the command.</summary>
internal static class BenchCommands
{
    private static readonly Dictionary<string, (string Description, Func<BenchArguments, Task<int>> Run)> Commands = new(StringComparer.Ordinal)
    {
        ["parse"] = ("Parse and validate N generated rows (default 1,000,000); rows/s and peak memory", ParseBenchmark.RunAsync),
        ["throughput"] = ("Ferry vs the seed pattern vs a 20-worker parallel script against Okta's limits (--users 10000)", Throughput.ThroughputBenchmark.RunAsync),
        ["durability"] = ("Storage requests, CPU and peak memory per row for jobs of 10 k, 100 k and 1 M rows (--rows)", Throughput.DurabilityBenchmark.RunAsync),
        ["reliability"] = ("The reliability suite at full size (--scenario name for one)", ReliabilityBenchmark.RunAsync),
        ["auth0"] = ("An Auth0 import through Ferry against the sandbox tenant's processing rate; Ferry's overhead (--users 20000, --users-per-second 500)", Auth0Benchmark.RunAsync),
        ["startup"] = ("How soon a file dropped into an idle node's inbox starts and finishes (--drops 5, --idle 00:00:30)", StartupBenchmark.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("usage: Ferry.Bench <command> [--option value]...");
            foreach (var (name, (description, _)) in Commands.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"  {name,-14} {description}");
            }

            return 2;
        }

        return await command.Run(BenchArguments.Parse(args.Skip(1)));
    }
}
