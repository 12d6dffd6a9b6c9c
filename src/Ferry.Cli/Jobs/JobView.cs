using System.Globalization;
using System.Text.Json.Nodes;

namespace Ferry.Cli.Jobs;

/// <summary>A job's status payload (docs/api.md) as the display reads it; every figure may be absent.</summary>
public sealed record JobView(JsonNode Status)
{
    public string Id => Text(Status["instanceId"]) ?? "?";

    public string RuntimeStatus => Text(Status["runtimeStatus"]) ?? "?";

    public string Phase => Text(Status["customStatus"]?["phase"]) ?? "-";

    public long RowsTotal => Number(Status["customStatus"]?["rowsTotal"]);

    public long RowsDone => Number(Status["customStatus"]?["rowsDone"]);

    public double Percent => Real(Status["customStatus"]?["percent"]) ?? (RowsTotal > 0 ? 100.0 * RowsDone / RowsTotal : 0);

    public double? RowsPerMinute => Real(Status["customStatus"]?["rowsPerMinute"]);

    public double? EtaSeconds => Real(Status["customStatus"]?["etaSeconds"]);

    public bool IsFinished => RuntimeStatus is "Completed" or "Failed" or "Terminated";

    public JsonObject? Output => Status["output"] as JsonObject;

    public JsonObject? Summary => Output?["summary"] as JsonObject;

    /// <summary>The budget per bucket: name, Okta's limit and remaining, slots in flight, 429s since the entity began.</summary>
    public IReadOnlyList<(string Bucket, long? Limit, long? Remaining, long InFlight, long Throttled)> Budget =>
        (Status["customStatus"]?["budget"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .Select(b => (Text(b["bucket"]) ?? "?", Integer(b["limit"]), Integer(b["remaining"]), Number(b["inFlight"]), Number(b["throttled"])))
        .ToList();

    /// <summary>429s: the job's own count when finished, else the buckets' totals.</summary>
    public long Throttled => Summary?["throttled"] is { } t ? Number(t) : Budget.Sum(b => b.Throttled);

    /// <summary>One plain line: status, phase, rows, rate, ETA, 429s, budget per bucket.</summary>
    public string Line()
    {
        var parts = new List<string>
        {
            $"{Id} {RuntimeStatus}",
            $"phase {Phase}",
            string.Create(CultureInfo.InvariantCulture, $"{RowsDone}/{RowsTotal} rows ({Percent:0.0}%)"),
        };
        if (RowsPerMinute is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate:0.#} rows/min"));
        }

        if (EtaSeconds is { } eta && !IsFinished)
        {
            parts.Add($"ETA {Duration(eta)}");
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"429s {Throttled}"));
        foreach (var (bucket, limit, remaining, inFlight, _) in Budget)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{bucket} {(remaining is null ? "?" : remaining)}/{(limit is null ? "?" : limit)} left, {inFlight} in flight"));
        }

        return string.Join(" · ", parts);
    }

    public static string Duration(double seconds) =>
        seconds < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s");

    public static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString() : null;

    private static long Number(JsonNode? node) => Integer(node) ?? 0;

    private static long? Integer(JsonNode? node) => Real(node) is { } d ? (long)d : null;

    private static double? Real(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var d) ? d
        : node is JsonValue text && double.TryParse(text.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;
}
