using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Ferry.Testing;

namespace Ferry.Bench.Throughput;

/// <summary>
/// <c>durability</c>: what durability costs Ferry as jobs grow — storage requests per row, CPU per 1,000 rows, peak
/// memory — for jobs of 10 k, 100 k and 1 M rows against a sandbox whose limits are raised out of the way, so Ferry
/// runs as fast as it can. Each size gets a fresh Ferry process (warmed up with a small job first).
/// </summary>
internal static class DurabilityBenchmark
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var sizes = arguments.String("rows", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var concurrency = arguments.Int("concurrency", 32);
        var latency = arguments.Duration("latency", TimeSpan.FromMilliseconds(20));
        var groups = BenchUsers.GroupNames(arguments.Int("groups", 20));
        using var cancellation = new CancellationTokenSource();

        await using var azurite = await AzuriteHost.StartAsync(cancellation.Token);
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:Multiplier"] = "1000",
            ["Sandbox:Concurrency"] = "1000",
            ["Sandbox:Latency:Mean"] = latency.ToString("c", CultureInfo.InvariantCulture),
        });
        var blobs = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        var rows = new List<string>();
        var kinds = new List<string>();
        foreach (var size in sizes)
        {
            Console.WriteLine(Invariant($"  {size:N0} rows..."));
            var serverSettings = new Dictionary<string, string?>
            {
                ["Ferry:Budget:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var setting in arguments.Settings())
            {
                serverSettings[setting.Key] = setting.Value;
            }

            await using var server = await FerryContestant.StartServerAsync(azurite, sandbox, 1.0, TimeSpan.FromMinutes(1), serverSettings);
            var warm = BenchUsers.Generate(300, groups, seed: 1, domain: Invariant($"warmup{size}.example.com"));
            await FerryContestant.RunAsync(server, azurite, blobs, BenchUsers.Csv(warm), "warmup.csv", cancellation.Token);
            var users = BenchUsers.Generate(size, groups, seed: size, domain: Invariant($"d{size}.example.com"));
            var run = await FerryContestant.RunAsync(server, azurite, blobs, BenchUsers.Csv(users), Invariant($"durability-{size}.csv"), cancellation.Token);
            var created = run.Reported.Values.Count(a => a == "created");
            var storage = (run.After.StorageRequests - run.Before.StorageRequests) / (double)size;
            var cpu = (run.After.CpuSeconds - run.Before.CpuSeconds) * 1000 / size;
            rows.Add(Invariant($"| {size:N0} | {created:N0} | {run.WallTime.TotalSeconds:F0} s | {size / run.WallTime.TotalSeconds:F0} | {storage:F4} | {cpu * 1000:F0} ms | {cpu:F3} ms | {run.PeakWorkingSetMb:F0} MB | {run.LargestHistory.Events:N0} | {run.EntityOperations / (double)size:F4} |"));
            Console.WriteLine(rows[^1]);
            kinds.Add(Invariant($"{size:N0} rows, storage requests per row by kind: {NodeFigures.PerRowByKind(run.Before, run.After, size)}"));
            Console.WriteLine(kinds[^1]);
        }

        var text = new StringBuilder();
        text.AppendLine(Invariant($"Durability cost: one Ferry node, production defaults, sandbox limits x1000, latency {latency.TotalMilliseconds:F0} ms, budget concurrency {concurrency}."));
        text.AppendLine();
        text.AppendLine("| rows | created | wall time | rows/s | storage requests/row | CPU per 1,000 rows | CPU per row | peak memory | largest history (events) | entity operations/row |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(r => text.AppendLine(r));
        text.AppendLine();
        kinds.ForEach(k => text.AppendLine(k));
        text.AppendLine();
        text.AppendLine(Machine.Describe());
        Console.WriteLine();
        Console.WriteLine(text);
        await arguments.WriteOutAsync(text.ToString());

        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
