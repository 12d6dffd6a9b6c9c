using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Continue after terminate (issue 20, item 4): a large job terminated early, at full speed (the sandbox's limits out of
/// the way, so many requests are in flight at the terminate). Its report must count every row it never attempted, and
/// <c>rerun-failed</c> must run exactly the rows not done: every row of the file created once, by one of the two jobs,
/// nobody twice, and no create sent after the terminate settled.
/// </summary>
public static class TerminateContinueScenario
{
    public static Task<ScenarioReport> RunAsync(TerminateContinueSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ScenarioReport.RunAsync("terminate-continue", async report =>
        {
            report.Figure("rows", settings.Rows).Figure("terminated once rows done reach", settings.TerminateAt);
            await using var stack = await ScenarioStack.StartAsync(
                "ferry-terminate-continue",
                new Dictionary<string, string?>
                {
                    ["Sandbox:RateLimit:Multiplier"] = "1000",
                    ["Sandbox:Concurrency"] = "1000",
                    ["Sandbox:Latency:Mean"] = "00:00:00.020",
                },
                new Dictionary<string, string?> { ["Ferry:Budget:Concurrency"] = "32" },
                ct);
            var prefix = Jobs.Unique("cont");
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, settings.Rows), name: $"{prefix}.csv"))["id"]!.ToString();
            await Jobs.WaitAsync(stack.Client, id, b => Jobs.RowsDone(b) >= settings.TerminateAt, settings.WaitTimeout, stack.Server.ReadLogs, ct);

            var terminate = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/terminate?reason=continue-test", UriKind.Relative), null, ct);
            report.Check(terminate.StatusCode == HttpStatusCode.Accepted, $"terminate answered {(int)terminate.StatusCode}");
            // A request already on the wire may still land (docs/api.md: about two seconds); nothing after that.
            await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System, ct);
            var settled = await UsersAsync(stack, ct);
            await Task.Delay(TimeSpan.FromSeconds(6), TimeProvider.System, ct);
            var later = await UsersAsync(stack, ct);
            report.Figure("org users 3 s and 9 s after the terminate's answer", $"{settled}, {later}");
            report.Check(later == settled, $"{later - settled} users were created from 3 s after the terminate on");
            var final = (await Jobs.WaitFinishedAsync(stack.Client, id, settings.WaitTimeout, stack.Server.ReadLogs))[^1].Body;
            var summary = final["output"]!["summary"]!;
            var results = await Jobs.ResultsAsync(stack.Blobs, id);
            var created = results.Where(r => r[4] == "created").Select(r => r[2]).ToHashSet(StringComparer.Ordinal);
            var notAttempted = (int)summary["rowsNotAttempted"]!;
            report.Figure("rows created by the terminated job", created.Count)
                .Figure("rowsNotAttempted", notAttempted)
                .Figure("results.csv lines of the terminated job", results.Count);
            report.Check(final["runtimeStatus"]!.ToString() == "Terminated", $"the job ended {final["runtimeStatus"]}, not Terminated");
            report.Check(created.Count + notAttempted == settings.Rows, $"created {created.Count} + not attempted {notAttempted} is not the file's {settings.Rows} rows");
            report.Check(results.All(r => r[4] is "created" or "not-attempted"), "a row of the terminated job is neither created nor not-attempted");
            report.Check(settled == created.Count, $"the org holds {settled} users once the job had ended; its report says {created.Count} created");

            var rerunStarted = TimeProvider.System.GetTimestamp();
            var rerun = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/rerun-failed", UriKind.Relative), null, ct);
            report.Check(rerun.StatusCode == HttpStatusCode.Accepted, $"rerun-failed answered {(int)rerun.StatusCode}");
            var rerunId = (await rerun.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.ToString();
            var rerunFinal = (await Jobs.WaitFinishedAsync(stack.Client, rerunId, settings.WaitTimeout, stack.Server.ReadLogs))[^1].Body;
            var rerunResults = await Jobs.ResultsAsync(stack.Blobs, rerunId);
            report.Figure("rerun: rows", rerunResults.Count).Figure("rerun: time to complete", TimeProvider.System.GetElapsedTime(rerunStarted));
            report.Check(rerunFinal["runtimeStatus"]!.ToString() == "Completed", $"the rerun ended {rerunFinal["runtimeStatus"]}, not Completed");
            var wrong = rerunResults.Where(r => r[4] != "created").ToList();
            report.Check(wrong.Count == 0, $"{wrong.Count} rerun row(s) not created, e.g. {string.Join(" | ", wrong.Take(3).Select(r => string.Join(',', r)))}");
            var again = rerunResults.Count(r => created.Contains(r[2]));
            report.Check(again == 0, $"{again} row(s) the terminated job created were run again");
            var everyLogin = Enumerable.Range(0, settings.Rows).Select(i => $"{prefix}{i}@example.com");
            var union = created.Concat(rerunResults.Select(r => r[2])).ToList();
            report.Check(union.Count == settings.Rows && union.ToHashSet(StringComparer.Ordinal).SetEquals(everyLogin), $"the two jobs report {union.Count} rows, {union.Distinct(StringComparer.Ordinal).Count()} distinct: not the file's {settings.Rows} rows once each");
            report.Check((int)rerunFinal["output"]!["summary"]!["rowsNotAttempted"]! == 0, "the rerun left rows not attempted");

            var stats = await stack.Sandbox.GetStatsAsync(ct);
            report.Figure("users in the org", (int)stats["users"]!).Figure("creates sent again (refused by Okta as duplicates)", (int)stats["duplicateCreates"]!);
            report.Figure("time to complete both", TimeProvider.System.GetElapsedTime(started));
            report.Check((int)stats["users"]! == settings.Rows, $"the org holds {stats["users"]} users, expected {settings.Rows}");
            report.Check((int)stats["duplicateCreates"]! == 0, $"{stats["duplicateCreates"]} creates were sent for users already created");
        });
    }

    private static async Task<int> UsersAsync(ScenarioStack stack, CancellationToken ct) => (int)(await stack.Sandbox.GetStatsAsync(ct))["users"]!;
}
