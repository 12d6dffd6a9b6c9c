using System.Globalization;

namespace Ferry.Testing.Reliability;

/// <summary>
/// An org whose rate-limit windows are not Okta's minute, and Ferry not told (issue 20, item 7): on a sandbox with 10-s
/// windows and <c>Ferry:Budget:Window</c> at its default, a 2,000-user job ran at 0.314 of its share. The budget learns
/// the window from Okta's Reset headers: the job's rows phase must use most of its share, with no 429.
/// </summary>
public static class LearnedWindowScenario
{
    public static Task<ScenarioReport> RunAsync(LearnedWindowSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ScenarioReport.RunAsync("learned-window", async report =>
        {
            await using var stack = await ScenarioStack.StartAsync(
                "ferry-window",
                new Dictionary<string, string?>
                {
                    ["Sandbox:RateLimit:Window"] = ScenarioStack.Setting(settings.Window),
                    ["Sandbox:Latency:Mean"] = "00:00:00.050",
                },
                new Dictionary<string, string?>
                {
                    ["Ferry:Budget:Share"] = ScenarioStack.Setting(settings.Share),
                    ["Ferry:Budget:Window"] = null,
                    ["Ferry:Jobs:BatchRows"] = null,
                    ["Ferry:Jobs:SliceRows"] = null,
                    ["Ferry:Jobs:InterimReportInterval"] = null,
                },
                ct);
            var prefix = Jobs.Unique("window");
            var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, settings.Rows), name: $"{prefix}.csv"))["id"]!.ToString();
            var seen = await Jobs.WaitFinishedAsync(stack.Client, id, settings.WaitTimeout, stack.Server.ReadLogs);
            var final = seen[^1].Body;
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}");
            await RowChecks.EveryRowOnceAsync(report, stack.Blobs, stack.Sandbox, id, settings.Rows);

            var stats = await stack.Sandbox.GetStatsAsync(ct);
            var users = stats["buckets"]!["users"]!;
            var limit = (int)users["limit"]!;
            var rowsPhase = (double)final["output"]!["summary"]!["phaseSeconds"]!["rows"]!;
            var perWindow = limit * settings.Share;
            var ratio = settings.Rows / (rowsPhase / settings.Window.TotalSeconds) / perWindow;
            var learned = seen.Select(s => s.Body["customStatus"]?["budget"]?.AsArray().FirstOrDefault(b => (string?)b!["bucket"] == "users")?["windowSeconds"])
                .OfType<System.Text.Json.Nodes.JsonNode>()
                .Select(n => (double)n)
                .LastOrDefault();
            report.Figure("rows", settings.Rows)
                .Figure("window (sandbox; Ferry not told)", settings.Window)
                .Figure("rows phase", TimeSpan.FromSeconds(rowsPhase))
                .Figure("ratio to the share", ratio.ToString("0.000", CultureInfo.InvariantCulture))
                .Figure("window learned (s)", learned.ToString("0.0", CultureInfo.InvariantCulture))
                .Figure("429s", (long)stats["throttled"]!);
            report.Check(ratio >= settings.MinRatio, $"the rows phase used {ratio:0.000} of its share (at least {settings.MinRatio} expected)");
            report.Check(Math.Abs(learned - settings.Window.TotalSeconds) < 1, $"the status says the window is {learned} s");
            report.Check((long)stats["throttled"]! == 0, $"{stats["throttled"]} requests were answered 429");
        });
    }
}
