using System.Globalization;
using System.Text.Json.Nodes;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Other apps on most of the bucket (issue 20, item 9): with them on 70 % of the users bucket, Ferry ran at 37.6 % of it
/// when 30 % was left and drew 1.52 % 429s. Ferry must take at most what they leave in every window (its requests per
/// window, counted by the sandbox), draw almost no 429, and its status must say that others squeeze its share.
/// </summary>
public static class OtherAppsScenario
{
    public static Task<ScenarioReport> RunAsync(OtherAppsSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ScenarioReport.RunAsync("other-apps", async report =>
        {
            await using var stack = await ScenarioStack.StartAsync(
                "ferry-others",
                new Dictionary<string, string?>
                {
                    ["Sandbox:RateLimit:Window"] = ScenarioStack.Setting(settings.Window),
                    ["Sandbox:RateLimit:BackgroundShare"] = ScenarioStack.Setting(settings.BackgroundShare),
                    ["Sandbox:Latency:Mean"] = "00:00:00.050",
                },
                new Dictionary<string, string?>
                {
                    ["Ferry:Budget:Share"] = ScenarioStack.Setting(settings.Share),
                    ["Ferry:Budget:Window"] = ScenarioStack.Setting(settings.Window),
                    ["Ferry:Jobs:BatchRows"] = null,
                    ["Ferry:Jobs:SliceRows"] = null,
                    ["Ferry:Jobs:InterimReportInterval"] = null,
                },
                ct);
            var prefix = Jobs.Unique("others");
            var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, settings.Rows), name: $"{prefix}.csv"))["id"]!.ToString();
            var seen = await Jobs.WaitFinishedAsync(stack.Client, id, settings.WaitTimeout, stack.Server.ReadLogs);
            var final = seen[^1].Body;
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}");
            await RowChecks.EveryRowOnceAsync(report, stack.Blobs, stack.Sandbox, id, settings.Rows);

            var stats = await stack.Sandbox.GetStatsAsync(ct);
            var users = stats["buckets"]!["users"]!;
            var limit = (int)users["limit"]!;
            var left = (int)Math.Floor(limit * (1 - settings.BackgroundShare));
            var windows = users["windows"]!.AsArray().Select(w => (Used: (int)w!["used"]!, Others: (int)w["others"]!)).Where(w => w.Used > 0).ToList();
            var most = windows.Max(w => w.Used);
            var full = windows.Skip(1).SkipLast(1).ToList();
            var requests = (long)stats["requests"]!;
            var throttled = (long)stats["throttled"]!;
            var squeezes = seen.Select(s => s.Body["customStatus"]?["budget"]?.AsArray().FirstOrDefault(b => (string?)b!["bucket"] == "users"))
                .OfType<JsonNode>()
                .Where(b => (int?)b["squeezedBy"] > 0)
                .ToList();
            report.Figure("rows", settings.Rows)
                .Figure("other apps", string.Create(CultureInfo.InvariantCulture, $"{settings.BackgroundShare:P0} of {limit} per {settings.Window.TotalSeconds:0} s window: {left} left"))
                .Figure("Ferry's requests per window (users)", string.Join(", ", windows.Select(w => w.Used)))
                .Figure("429s", string.Create(CultureInfo.InvariantCulture, $"{throttled} of {requests} ({100.0 * throttled / Math.Max(1, requests):0.00} %)"))
                .Figure("status: squeezedBy / othersPerWindow", squeezes.Count == 0 ? "never shown" : $"{squeezes[^1]["squeezedBy"]} / {squeezes[^1]["othersPerWindow"]}")
                .Figure("status: quota as it changed", string.Join(", ", Changes(seen.Select(s => s.Body["customStatus"]?["budget"]?.AsArray().FirstOrDefault(b => (string?)b!["bucket"] == "users")?["quota"]?.ToString() ?? "-"))));
            report.Check(most <= left + (limit * settings.Tolerance), $"Ferry used up to {most} requests of a window; the other apps left {left}");
            report.Check(full.Count == 0 || full.Average(w => w.Used) >= 0.6 * left, $"Ferry used {(full.Count == 0 ? 0 : full.Average(w => w.Used)):0} a window on average, of the {left} left");
            report.Check(throttled <= settings.MaxThrottled * requests, $"{throttled} of {requests} requests were answered 429");
            report.Check(squeezes.Count > 0, "the status never said that other apps squeeze Ferry's share");
            report.Check(squeezes.Count == 0 || Math.Abs(((int?)squeezes[^1]["othersPerWindow"] ?? 0) - (limit - left)) <= limit * 0.05, $"the status says others use {squeezes.LastOrDefault()?["othersPerWindow"]} a window; they use {limit - left}");
        });
    }

    private static IEnumerable<string> Changes(IEnumerable<string> values)
    {
        string? last = null;
        foreach (var value in values)
        {
            if (value != last)
            {
                yield return value;
                last = value;
            }
        }
    }
}
