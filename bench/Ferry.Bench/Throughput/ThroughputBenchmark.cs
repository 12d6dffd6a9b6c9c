using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Ferry.Sandbox.Directory;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Bench.Throughput;

/// <summary>
/// <c>throughput</c>: Ferry against the two alternatives a user would otherwise pick, in one process tree, on the same
/// sandbox settings (Okta's Enterprise limits, a compressed window, latency). For each: users/min, ratio to the
/// budget, 429s, calls per user, rows not created, rows lost, wall time; for Ferry also the cost of durability.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var rows = arguments.Int("users", 10_000);
        var groupCount = arguments.Int("groups", 20);
        var window = arguments.Duration("window", TimeSpan.FromSeconds(10));
        var latency = arguments.Duration("latency", TimeSpan.FromMilliseconds(100));
        var jitter = arguments.Duration("jitter", TimeSpan.FromMilliseconds(30));
        var workers = arguments.Int("workers", 20);
        var seedRows = Math.Min(rows, arguments.Int("seed-users", 500));
        var shares = arguments.String("shares", "1.0,0.5").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var contestants = arguments.String("contestants", "seed,parallel,ferry").Split(',').ToHashSet(StringComparer.Ordinal);
        var warmup = arguments.Int("warmup", 300);
        var background = arguments.Double("background", 0);
        using var cancellation = new CancellationTokenSource();

        var groups = BenchUsers.GroupNames(groupCount);
        var users = BenchUsers.Generate(rows, groups, seed: 20261122);
        Console.WriteLine(Invariant($"throughput: {rows:N0} users with 1–3 of {groupCount} groups; window {window.TotalSeconds:F0} s; latency {latency.TotalMilliseconds:F0} ± {jitter.TotalMilliseconds:F0} ms; other apps {background:P0}"));

        await using var azurite = await AzuriteHost.StartAsync(cancellation.Token);
        var sandboxSettings = new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:Window"] = window.ToString("c", CultureInfo.InvariantCulture),
            ["Sandbox:RateLimit:BackgroundShare"] = background.ToString(CultureInfo.InvariantCulture),
            ["Sandbox:Latency:Mean"] = latency.ToString("c", CultureInfo.InvariantCulture),
            ["Sandbox:Latency:Jitter"] = jitter.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in arguments.Settings("sandbox"))
        {
            sandboxSettings[key] = value;
        }

        await using var sandbox = await SandboxHost.StartAsync(sandboxSettings);
        var blobs = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        using var okta = sandbox.CreateClient();
        okta.Timeout = TimeSpan.FromMinutes(2);
        var results = new List<Row>();

        if (contestants.Contains("seed"))
        {
            var setup = await PrepareAsync(sandbox, okta, groups, cancellation.Token);
            Console.WriteLine(Invariant($"  seed pattern (sequential, create then add to each group) on the first {seedRows:N0} rows..."));
            var run = await SeedScript.RunAsync(okta, users.Take(seedRows).ToList(), setup.GroupIds, cancellation.Token);
            results.Add(await MeasureAsync("seed pattern", sandbox, setup, users.Take(seedRows).ToList(), run.Reported, run.Duration, run.Duration, 1.0 - background, window));
        }

        if (contestants.Contains("parallel"))
        {
            var setup = await PrepareAsync(sandbox, okta, groups, cancellation.Token);
            Console.WriteLine(Invariant($"  parallel script ({workers} workers, groupIds, SDK-style 429 retry x{ParallelScript.MaxRetries})..."));
            var run = await ParallelScript.RunAsync(okta, users, setup.GroupIds, workers, cancellation.Token);
            results.Add(await MeasureAsync(Invariant($"parallel script ({workers} workers)"), sandbox, setup, users, run.Reported, run.Duration, run.Duration, 1.0 - background, window));
        }

        if (contestants.Contains("ferry"))
        {
            foreach (var share in shares)
            {
                Console.WriteLine(Invariant($"  Ferry, share {share:P0}..."));
                await using var server = await FerryContestant.StartServerAsync(azurite, sandbox, share, window, arguments.Settings());
                if (warmup > 0)
                {
                    // A server runs for days: its code is compiled (JIT) once. A small job first, so the figures are the steady cost.
                    var warm = BenchUsers.Generate(warmup, groups, seed: 1, domain: "warmup.example.com");
                    await FerryContestant.RunAsync(server, azurite, blobs, BenchUsers.Csv(warm), "warmup.csv", cancellation.Token);
                }

                var setup = await PrepareAsync(sandbox, okta, groups, cancellation.Token);
                var run = await FerryContestant.RunAsync(server, azurite, blobs, BenchUsers.Csv(users), Invariant($"bench-{rows}-{share * 100:F0}.csv"), cancellation.Token);
                // What Ferry may use: its share, or what the other apps leave when that is less.
                var row = await MeasureAsync(Invariant($"Ferry, share {share:P0}"), sandbox, setup, users, run.Reported, run.RowsPhase, run.WallTime, Math.Min(share, 1 - background), window);
                results.Add(row with
                {
                    StorageRequestsPerRow = (run.After.StorageRequests - run.Before.StorageRequests) / (double)rows,
                    CpuMsPerRow = (run.After.CpuSeconds - run.Before.CpuSeconds) * 1000 / rows,
                    PeakMemoryMb = run.PeakWorkingSetMb,
                    EndToEndRatio = row.Created / run.WallTime.TotalMinutes / (row.UsersPerMinute / row.Ratio),
                    EntityOperationsPerRow = run.EntityOperations / (double)rows,
                    LargestHistory = run.LargestHistory.Events,
                    StorageByKind = NodeFigures.PerRowByKind(run.Before, run.After, rows),
                });
            }
        }

        var report = Table(results, rows, seedRows, window, latency, jitter, workers, background);
        Console.WriteLine();
        Console.WriteLine(report);
        await arguments.WriteOutAsync(report);

        return 0;
    }

    /// <summary>An empty org with the groups in place (scripts need their ids), and the counters before the run.</summary>
    private static async Task<Setup> PrepareAsync(SandboxHost sandbox, HttpClient okta, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        using (var reset = await okta.PostAsync(new Uri("/sandbox/reset", UriKind.Relative), null, cancellationToken))
        {
            reset.EnsureSuccessStatusCode();
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in groups)
        {
            using var created = await okta.PostAsJsonAsync(new Uri("/api/v1/groups", UriKind.Relative), new JsonObject { ["profile"] = new JsonObject { ["name"] = name } }, cancellationToken);
            created.EnsureSuccessStatusCode();
            ids[name] = (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.ToString();
        }

        return new Setup(ids, await sandbox.GetStatsAsync(cancellationToken), TimeProvider.System.GetUtcNow());
    }

    private static async Task<Row> MeasureAsync(
        string name,
        SandboxHost sandbox,
        Setup setup,
        IReadOnlyList<BenchUser> users,
        IReadOnlyDictionary<int, string> reported,
        TimeSpan createPhase,
        TimeSpan wall,
        double share,
        TimeSpan window)
    {
        var stats = await sandbox.GetStatsAsync();
        var requests = (long)stats["requests"]! - (long)setup.Before["requests"]!;
        var throttled = (long)stats["throttled"]! - (long)setup.Before["throttled"]!;
        var limit = (int)stats["buckets"]!["users"]!["limit"]!;
        // The users bucket's windows of this run (the sandbox keeps the last hundred): what the contestant used of each.
        var since = setup.Started;
        var windows = stats["buckets"]!["users"]!["windows"]!.AsArray()
            .Where(w => DateTimeOffset.Parse((string)w!["start"]!, CultureInfo.InvariantCulture) >= since && (int)w["used"]! > 0)
            .Select(w => (int)w!["used"]!)
            .ToList();
        var directory = sandbox.Services.GetRequiredService<OrgDirectory>();
        var inOrg = users.Where(u => directory.FindUser(u.Login, consistentRead: true) is not null).Select(u => u.Row).ToHashSet();
        var notCreated = users.Count - inOrg.Count;
        // Lost: not in the org and not reported as failed — or reported created and not there.
        var lost = users.Count(u => !inOrg.Contains(u.Row) && (!reported.TryGetValue(u.Row, out var action) || action is "created" or "existing" or "activated"));
        var perMinute = inOrg.Count / createPhase.TotalMinutes;
        var budgetPerMinute = limit * share * (TimeSpan.FromMinutes(1) / window);
        return new Row(name, users.Count, inOrg.Count, notCreated, lost, perMinute, perMinute / budgetPerMinute, requests == 0 ? 0 : 100.0 * throttled / requests, requests / (double)users.Count, createPhase, wall)
        {
            Windows = windows,
            Limit = limit,
        };
    }

    private static string Table(List<Row> rows, int users, int seedRows, TimeSpan window, TimeSpan latency, TimeSpan jitter, int workers, double background)
    {
        var text = new StringBuilder();
        var limit = rows.FirstOrDefault()?.Limit ?? 600;
        text.AppendLine(Invariant($"Scenario: {users:N0} users (seed pattern: first {seedRows:N0}), 1–3 groups each; Okta Enterprise limits per {window.TotalSeconds:F0} s window (users bucket {limit}); latency {latency.TotalMilliseconds:F0} ± {jitter.TotalMilliseconds:F0} ms; parallel script {workers} workers."));
        if (background > 0)
        {
            text.AppendLine(Invariant($"Other apps use {background:P0} of every bucket, spread through each window: the ratio is to what they leave when that is less than the share."));
        }
        text.AppendLine();
        text.AppendLine("| contestant | rows | created | not created | lost | users/min | ratio to budget | 429s | calls/user | create phase | wall time |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(Invariant($"| {r.Name} | {r.Rows:N0} | {r.Created:N0} | {r.NotCreated:N0} | {r.Lost:N0} | {r.UsersPerMinute:N0} | {r.Ratio:F3} | {r.ThrottledPercent:F2} % | {r.CallsPerUser:F3} | {r.CreatePhase.TotalSeconds:F1} s | {r.Wall.TotalSeconds:F1} s |"));
        }

        var ferry = rows.Where(r => r.StorageRequestsPerRow is not null).ToList();
        if (ferry.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Ferry run | end to end (POST to Completed), ratio to budget | storage requests/row | CPU ms/row | peak memory | entity operations/row | largest history (events) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in ferry)
            {
                text.AppendLine(Invariant($"| {r.Name} | {r.EndToEndRatio:F3} | {r.StorageRequestsPerRow:F4} | {r.CpuMsPerRow:F3} | {r.PeakMemoryMb:F0} MB | {r.EntityOperationsPerRow:F4} | {r.LargestHistory:N0} |"));
            }

            text.AppendLine();
            foreach (var r in ferry)
            {
                text.AppendLine(Invariant($"{r.Name}, storage requests per row by kind: {r.StorageByKind}"));
            }

            text.AppendLine();
            foreach (var r in ferry.Where(r => r.Windows.Count > 0))
            {
                text.AppendLine(Invariant($"{r.Name}, requests per window of the users bucket (limit {r.Limit}): {string.Join(", ", r.Windows)}; at most {100.0 * r.Windows.Max() / r.Limit:F1} % of the limit"));
            }
        }

        var seed = rows.FirstOrDefault(r => r.Name == "seed pattern");
        if (seed is not null)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Seed pattern projected to {users:N0} rows: {users / seed.UsersPerMinute:F0} min."));
            foreach (var r in rows.Where(r => r != seed))
            {
                text.AppendLine(Invariant($"{r.Name}: {r.UsersPerMinute / seed.UsersPerMinute:F1}x the seed pattern."));
            }
        }

        text.AppendLine();
        text.AppendLine(Machine.Describe());
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <param name="Started">When the contestant started (the sandbox's windows from then on are its own).</param>
    private sealed record Setup(IReadOnlyDictionary<string, string> GroupIds, JsonObject Before, DateTimeOffset Started);

    private sealed record Row(
        string Name,
        int Rows,
        int Created,
        int NotCreated,
        int Lost,
        double UsersPerMinute,
        double Ratio,
        double ThrottledPercent,
        double CallsPerUser,
        TimeSpan CreatePhase,
        TimeSpan Wall)
    {
        public double? StorageRequestsPerRow { get; init; }

        public double? CpuMsPerRow { get; init; }

        public double? PeakMemoryMb { get; init; }

        /// <summary>Users created per minute of the whole job as a user times it (POST to Completed), over the budget.</summary>
        public double? EndToEndRatio { get; init; }

        public double? EntityOperationsPerRow { get; init; }

        public int? LargestHistory { get; init; }

        public string? StorageByKind { get; init; }

        /// <summary>The contestant's requests in each window of the users bucket.</summary>
        public IReadOnlyList<int> Windows { get; init; } = [];

        public int Limit { get; init; }
    }
}
