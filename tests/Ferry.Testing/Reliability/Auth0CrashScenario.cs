using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Auth0 crash: Ferry killed (SIGKILL) <see cref="Auth0CrashSettings.Crashes"/> times at random points of one Auth0
/// import job (chunks waiting for a slot, being posted, followed, finished) and started again each time. The job
/// completes; every row is once in results.csv and <c>created</c> — a chunk posted again after a kill has its
/// duplicates recognised as the job's own; the tenant holds exactly the file's users; at most two Auth0 import jobs
/// ran at once (the sandbox's own counter); no completion email was sent.
/// </summary>
public static class Auth0CrashScenario
{
    public static Task<ScenarioReport> RunAsync(Auth0CrashSettings settings, CancellationToken cancellationToken = default) =>
        ScenarioReport.RunAsync("auth0-crash", async report =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            report.Figure("seed", settings.Seed).Figure("users", settings.Users).Figure("users Auth0 imports per second", settings.UsersPerSecond);
            var points = new DisruptionPoints(settings.Seed);
            await using var stack = await ScenarioStack.StartAsync(
                "ferry-auth0-crash",
                new Dictionary<string, string?> { ["Sandbox:Auth0:UsersPerSecond"] = settings.UsersPerSecond.ToString(CultureInfo.InvariantCulture) },
                new Dictionary<string, string?>(),
                cancellationToken);
            var server = stack.Server;
            var client = stack.Client;
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client, Auth0Files.Csv("crash", settings.Users), "target=auth0", "auth0-crash.csv"))["id"]!.ToString();

            var kills = 0;
            var stretch = 1.0 / (settings.Crashes + 1);
            for (var k = 1; k <= settings.Crashes; k++)
            {
                var rows = points.Between(settings.Users, (k - 0.8) * stretch, k * stretch);
                if (await points.ReachAsync(report, client, id, rows, settings.WaitTimeout, server.ReadLogs, cancellationToken) is not { } reached)
                {
                    break;
                }

                await server.KillAsync();
                var killed = TimeProvider.System.GetTimestamp();
                kills++;
                await server.RestartAsync(cancellationToken);
                report.Figure($"kill {k}", $"after {reached} rows; Ferry up again {ScenarioReport.Seconds(TimeProvider.System.GetElapsedTime(killed))} after the kill");
            }

            var final = (await Jobs.WaitAsync(client, id, Jobs.IsDone, settings.WaitTimeout, server.ReadLogs, cancellationToken))[^1].Body;
            report.Figure("kills", kills).Figure("time to complete", TimeProvider.System.GetElapsedTime(started));
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}, not Completed");

            var results = await Jobs.ResultsAsync(stack.Blobs, id);
            report.Figure("results.csv rows", results.Count);
            report.Check(results.Select(r => r[0]).SequenceEqual(Enumerable.Range(1, settings.Users).Select(i => i.ToString(CultureInfo.InvariantCulture))), $"results.csv does not hold rows 1..{settings.Users} exactly once in order ({results.Count} lines)");
            var wrong = results.Where(r => r[4] != "created").ToList();
            report.Check(wrong.Count == 0, $"{wrong.Count} row(s) not 'created', e.g. {string.Join(" | ", wrong.Take(3).Select(r => string.Join(',', r)))}");

            var stats = await stack.Sandbox.GetAuth0StatsAsync(cancellationToken);
            report.Figure("Auth0 import jobs posted", (int)stats["importJobsCreated"]!)
                .Figure("most Auth0 import jobs at once", (int)stats["maxConcurrentImportJobs"]!)
                .Figure("third jobs refused (429)", (int)stats["importJobsRejectedConcurrent"]!)
                .Figure("users in the tenant", (int)stats["users"]!)
                .Figure("completion emails", (int)stats["completionEmails"]!);
            report.Check((int)stats["users"]! == settings.Users, $"the tenant holds {stats["users"]} users, expected {settings.Users}");
            report.Check((int)stats["maxConcurrentImportJobs"]! <= 2, $"{stats["maxConcurrentImportJobs"]} Auth0 import jobs ran at once");
            report.Check((int)stats["completionEmails"]! == 0, $"{stats["completionEmails"]} completion emails were sent");
            using var http = new HttpClient { BaseAddress = stack.Sandbox.BaseAddress };
            var listed = (await http.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative), cancellationToken))!;
            var emails = listed.Select(u => u!["email"]!.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            report.Check(Enumerable.Range(1, settings.Users).All(i => emails.Contains(Auth0Files.Email("crash", i))), "a user of the file is not in the tenant");
        });
}
