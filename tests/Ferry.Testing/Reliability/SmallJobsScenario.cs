using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Sandbox.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Small jobs back to back on Okta's own limits and Ferry's production batch sizes (issue 20, item 6): between jobs the
/// users bucket showed "598/600 left, 120 in flight" and half the two-row jobs waited 10–25 s at 0 rows. Each job must
/// make its first call within a few seconds of its POST, and once the jobs are done nothing may stay in flight.
/// </summary>
public static class SmallJobsScenario
{
    public static Task<ScenarioReport> RunAsync(SmallJobsSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ScenarioReport.RunAsync("small-jobs", async report =>
        {
            // Okta's Enterprise limits and minute windows; Ferry's production batch and slice sizes (a lane leases for a
            // whole batch), its default share and window.
            await using var stack = await ScenarioStack.StartAsync(
                "ferry-small-jobs",
                new Dictionary<string, string?> { ["Sandbox:Latency:Mean"] = "00:00:00.050" },
                new Dictionary<string, string?> { ["Ferry:Jobs:BatchRows"] = null, ["Ferry:Jobs:SliceRows"] = null, ["Ferry:Budget:Share"] = null },
                ct);
            var directory = stack.Sandbox.Services.GetRequiredService<OrgDirectory>();
            var waits = new List<TimeSpan>();
            for (var job = 0; job < settings.Jobs; job++)
            {
                var prefix = Jobs.Unique($"small{job}");
                var posted = TimeProvider.System.GetUtcNow();
                var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, settings.Rows), name: $"{prefix}.csv"))["id"]!.ToString();
                var final = (await Jobs.WaitFinishedAsync(stack.Client, id, settings.WaitTimeout, stack.Server.ReadLogs))[^1].Body;
                report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"job {job} ended {final["runtimeStatus"]}");
                var created = Enumerable.Range(0, settings.Rows)
                    .Select(i => directory.FindUser($"{prefix}{i}@example.com", consistentRead: true)?.Created)
                    .OfType<DateTimeOffset>()
                    .ToList();
                report.Check(created.Count == settings.Rows, $"job {job} created {created.Count} of {settings.Rows} users");
                waits.Add(created.Count > 0 ? created.Min() - posted : settings.WaitTimeout);
            }

            report.Figure("jobs", settings.Jobs)
                .Figure("first call after the POST (s)", string.Join(", ", waits.Select(w => w.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture))));
            var late = waits.Count(w => w > settings.MaxFirstCall);
            report.Check(late == 0, $"{late} of {settings.Jobs} jobs waited more than {settings.MaxFirstCall.TotalSeconds:0} s for their first call");

            // Every lane gave its lease back: nothing is in flight on the users bucket (the give-back is a signal: a
            // moment to land).
            var inFlight = -1;
            for (var attempt = 0; attempt < 20 && inFlight != 0; attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, ct);
                var diagnostics = (await stack.Client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative), ct))!;
                inFlight = diagnostics["budgets"]!.AsArray().Where(b => (string?)b!["budget"]!["bucket"] == "users").Sum(b => (int)b!["budget"]!["inFlight"]!);
            }

            report.Figure("users bucket in flight after the jobs", inFlight);
            report.Check(inFlight == 0, $"{inFlight} slots of the users bucket stayed in flight after every job had ended");
        });
    }
}
