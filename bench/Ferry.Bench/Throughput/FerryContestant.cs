using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Ferry.Testing;

namespace Ferry.Bench.Throughput;

/// <summary>
/// What a Ferry run reported, and the node's own figures before and after the job (peak memory is the process's
/// high-water mark, so nothing needs sampling in between).
/// </summary>
/// <param name="WallTime">From the POST of the file to the status answer that says Completed, as a user times it.</param>
/// <param name="LargestHistory">The largest orchestration history of the job (its own or one it started), in events.</param>
internal sealed record FerryRun(
    string Id,
    IReadOnlyDictionary<int, string> Reported,
    TimeSpan WallTime,
    TimeSpan RowsPhase,
    JsonObject Summary,
    NodeFigures Before,
    NodeFigures After,
    double PeakWorkingSetMb,
    (string Instance, int Events) LargestHistory)
{
    /// <summary>Operations on the rate-limit entities during the job.</summary>
    public long EntityOperations => After.EntityOperations - Before.EntityOperations;
}

/// <param name="StorageRequests">Azure Storage requests (blobs, queues, tables) the node has sent since it started.</param>
/// <param name="EntityOperations">Operations on every rate-limit entity so far.</param>
/// <param name="ByKind">Storage requests by service, method and kind.</param>
internal sealed record NodeFigures(long StorageRequests, double CpuSeconds, long PeakWorkingSetBytes, long EntityOperations, IReadOnlyDictionary<string, long> ByKind)
{
    public static async Task<NodeFigures> ReadAsync(HttpClient ferry, CancellationToken cancellationToken)
    {
        var body = (await ferry.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative), cancellationToken))!;
        var operations = body["budgets"]!.AsArray().Sum(b => (long)b!["budget"]!["operations"]!);
        var byKind = body["storageRequestsByKind"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!, StringComparer.Ordinal);
        return new NodeFigures((long)body["storageRequests"]!, (double)body["cpuSeconds"]!, (long)body["peakWorkingSetBytes"]!, operations, byKind);
    }

    /// <summary>Requests per row by kind between two readings, the largest first.</summary>
    public static string PerRowByKind(NodeFigures before, NodeFigures after, int rows) =>
        string.Join(", ", after.ByKind
            .Select(p => (p.Key, Count: p.Value - before.ByKind.GetValueOrDefault(p.Key)))
            .Where(p => p.Count > 0)
            .OrderByDescending(p => p.Count)
            .Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key} {p.Count / (double)rows:F4}")));
}

/// <summary>
/// Ferry as users run it: one Ferry.Server process with its production defaults (only the org, the key, the budget's
/// share and window set), the CSV POSTed to <c>/api/migrations</c>, the status followed to the end.
/// </summary>
internal static class FerryContestant
{
    /// <summary>Keys the test host sets for speed; null restores Ferry's production defaults.</summary>
    private static readonly string[] TestDefaults =
    [
        "Ferry:Inbox:PollInterval", "Ferry:Jobs:RetryDelay", "Ferry:Jobs:SliceRows", "Ferry:Jobs:BatchRows",
        "Ferry:Jobs:InterimReportInterval", "Okta:RetryBaseDelay",
    ];

    public static async Task<FerryServerHost> StartServerAsync(AzuriteHost azurite, SandboxHost sandbox, double share, TimeSpan window, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = TestDefaults.ToDictionary(k => k, _ => (string?)null);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Okta:OrgUrl"] = sandbox.BaseAddress.ToString();
        settings["Okta:ApiToken"] = sandbox.ApiToken;
        settings["Ferry:Budget:Share"] = share.ToString(CultureInfo.InvariantCulture);
        settings["Ferry:Budget:Window"] = window.ToString("c", CultureInfo.InvariantCulture);
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await FerryServerHost.StartAsync(settings, "ferry-bench");
    }

    public static async Task<FerryRun> RunAsync(FerryServerHost server, AzuriteHost azurite, BlobServiceClient blobs, string csv, string name, CancellationToken cancellationToken)
    {
        using var client = server.CreateClient();
        var before = await NodeFigures.ReadAsync(client, cancellationToken);
        var started = TimeProvider.System.GetTimestamp();
        var id = (await Jobs.StartCsvAsync(client, csv, name: name))["id"]!.ToString();
        JsonObject? final = null;
        var progress = -1;
        while (final is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
            var (status, body) = await Jobs.StatusAsync(client, id);
            if (body is null)
            {
                continue;
            }

            var percent = (int)(double)body["customStatus"]!["percent"]!;
            if (percent / 10 != progress / 10)
            {
                progress = percent;
                Console.WriteLine(Invariant($"    {TimeProvider.System.GetElapsedTime(started).TotalSeconds,6:F0} s  {body["customStatus"]!["phase"]}  {percent} %"));
            }

            if (status == System.Net.HttpStatusCode.OK)
            {
                final = body;
            }
        }

        var wall = TimeProvider.System.GetElapsedTime(started);
        var after = await NodeFigures.ReadAsync(client, cancellationToken);
        var summary = final["output"]!["summary"]!.AsObject();
        var rowsPhase = TimeSpan.FromSeconds((double?)summary["phaseSeconds"]?["rows"] ?? wall.TotalSeconds);
        var reported = new Dictionary<int, string>();
        foreach (var row in await Jobs.ResultsAsync(blobs, id))
        {
            reported[int.Parse(row[0], CultureInfo.InvariantCulture)] = row[4];
        }

        var history = await TaskHubHistory.LargestAsync(azurite, id, cancellationToken: cancellationToken);
        return new FerryRun(id, reported, wall, rowsPhase, summary, before, after, after.PeakWorkingSetBytes / (1024.0 * 1024), history);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
