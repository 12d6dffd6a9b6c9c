using System.Globalization;
using System.Text.Json.Nodes;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Auth0 crash: some of the file's users are imported into the tenant by another tool moments before the job, then
/// Ferry is killed (SIGKILL) <see cref="Auth0CrashSettings.Crashes"/> times during one Auth0 import job, each kill aimed
/// at a phase of a chunk in turn (<see cref="Auth0ChunkPhase"/>: while a post's answer is on its way — Auth0 took the
/// chunk, Ferry never hears of it —, while Auth0's job is followed, while a finished chunk's users are looked up, while
/// chunks wait for an import slot) and started again each time. The job completes; every row is once in results.csv;
/// the other tool's users are <c>DUPLICATED_USER</c>, never <c>created</c>, and every other row is <c>created</c> — a
/// chunk posted again after its answer was lost has its duplicates recognised as the job's own by the job's mark
/// (<c>app_metadata.ferry_job</c>), which exactly the users Ferry inserted carry; the tenant holds exactly the file's
/// users; at most two Auth0 import jobs ran at once (the sandbox's own counter); no completion email was sent.
/// </summary>
public static class Auth0CrashScenario
{
    /// <summary>How long the sandbox holds a post's answer, so that a kill can fall in it.</summary>
    private static readonly TimeSpan PostAnswerDelay = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// How long it holds each look-up's: long enough for a kill to fall among them, short enough for a chunk whose answer
    /// was lost (every user then a duplicate, each looked up) to finish soon.
    /// </summary>
    private static readonly TimeSpan LookupAnswerDelay = TimeSpan.FromSeconds(0.2);

    public static Task<ScenarioReport> RunAsync(Auth0CrashSettings settings, CancellationToken cancellationToken = default) =>
        ScenarioReport.RunAsync("auth0-crash", async report =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            report.Figure("users", settings.Users)
                .Figure("users another tool imported just before", settings.Existing)
                .Figure("users Auth0 imports per second", settings.UsersPerSecond)
                .Figure("Management API requests per second", settings.ManagementRequestsPerSecond?.ToString(CultureInfo.InvariantCulture) ?? "the sandbox's default (5, bursts of 10)");
            var sandboxSettings = new Dictionary<string, string?>
            {
                ["Sandbox:Auth0:UsersPerSecond"] = settings.UsersPerSecond.ToString(CultureInfo.InvariantCulture),
                ["Sandbox:Auth0:Faults:ImportAnswerDelay"] = PostAnswerDelay.ToString("c", CultureInfo.InvariantCulture),
                ["Sandbox:Auth0:Faults:LookupAnswerDelay"] = LookupAnswerDelay.ToString("c", CultureInfo.InvariantCulture),
            };
            if (settings.ManagementRequestsPerSecond is { } perSecond)
            {
                sandboxSettings["Sandbox:Auth0:RateLimit:Limit"] = perSecond.ToString(CultureInfo.InvariantCulture);
                sandboxSettings["Sandbox:Auth0:RateLimit:Window"] = "00:00:01";
            }

            await using var stack = await ScenarioStack.StartAsync(
                "ferry-auth0-crash",
                sandboxSettings,
                new Dictionary<string, string?> { ["Ferry:Auth0:ChunkBytes"] = settings.ChunkBytes.ToString(CultureInfo.InvariantCulture) },
                cancellationToken);
            var server = stack.Server;
            var client = stack.Client;
            var step = settings.Users / Math.Max(1, settings.Existing);
            var existing = Enumerable.Range(1, settings.Existing).Select(k => (k * step) - (step / 2)).ToHashSet();
            await OtherAuth0Tool.ImportAsync(stack.Sandbox, existing.Select(i => Auth0Files.Email("crash", i)), cancellationToken);

            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client, Auth0Files.Csv("crash", settings.Users), "target=auth0", "auth0-crash.csv"))["id"]!.ToString();
            var kills = 0;
            var phases = Enum.GetValues<Auth0ChunkPhase>();
            for (var k = 0; k < settings.Crashes; k++)
            {
                var phase = phases[k % phases.Length];
                if (!await ReachAsync(phase, stack, id, settings.WaitTimeout, cancellationToken))
                {
                    report.Check(false, $"kill {k + 1}: the job finished before it could be killed {Describe(phase)}: the scenario needs more users or a slower tenant");
                    break;
                }

                await server.KillAsync();
                var killed = TimeProvider.System.GetTimestamp();
                kills++;
                await server.RestartAsync(cancellationToken);
                report.Figure($"kill {k + 1}", $"{Describe(phase)}; Ferry up again {ScenarioReport.Seconds(TimeProvider.System.GetElapsedTime(killed))} after the kill");
            }

            var final = (await Jobs.WaitAsync(client, id, Jobs.IsDone, settings.WaitTimeout, server.ReadLogs, cancellationToken))[^1].Body;
            report.Figure("kills", kills).Figure("time to complete", TimeProvider.System.GetElapsedTime(started));
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}, not Completed");

            var results = await Jobs.ResultsAsync(stack.Blobs, id);
            report.Figure("results.csv rows", results.Count);
            report.Check(results.Select(r => r[0]).SequenceEqual(Enumerable.Range(1, settings.Users).Select(i => i.ToString(CultureInfo.InvariantCulture))), $"results.csv does not hold rows 1..{settings.Users} exactly once in order ({results.Count} lines)");
            var claimed = results.Where(r => existing.Contains(int.Parse(r[0], CultureInfo.InvariantCulture)) && !(r[4] == "failed" && r[8] == "DUPLICATED_USER")).ToList();
            report.Check(claimed.Count == 0, $"{claimed.Count} of the other tool's users not reported DUPLICATED_USER, e.g. {string.Join(" | ", claimed.Take(3).Select(r => string.Join(',', r)))}");
            var wrong = results.Where(r => !existing.Contains(int.Parse(r[0], CultureInfo.InvariantCulture)) && r[4] != "created").ToList();
            report.Check(wrong.Count == 0, $"{wrong.Count} row(s) not 'created', e.g. {string.Join(" | ", wrong.Take(3).Select(r => string.Join(',', r)))}");

            var stats = await stack.Sandbox.GetAuth0StatsAsync(cancellationToken);
            report.Figure("Auth0 import jobs posted by Ferry", (int)stats["importJobsCreated"]! - 1)
                .Figure("most Auth0 import jobs at once", (int)stats["maxConcurrentImportJobs"]!)
                .Figure("third jobs refused (429)", (int)stats["importJobsRejectedConcurrent"]!)
                .Figure("users looked up", (int)stats["userLookups"]!)
                .Figure("Management API requests answered 429 (rate limit)", (int)stats["throttled"]!)
                .Figure("users in the tenant", (int)stats["users"]!)
                .Figure("completion emails", (int)stats["completionEmails"]!);
            report.Check((int)stats["users"]! == settings.Users, $"the tenant holds {stats["users"]} users, expected {settings.Users}");
            report.Check((int)stats["maxConcurrentImportJobs"]! <= 2, $"{stats["maxConcurrentImportJobs"]} Auth0 import jobs ran at once");
            report.Check((int)stats["completionEmails"]! == 0, $"{stats["completionEmails"]} completion emails were sent");
            var owners = await OtherAuth0Tool.OwnersAsync(stack.Sandbox, cancellationToken);
            var unmarked = Enumerable.Range(1, settings.Users).Where(i => !owners.TryGetValue(Auth0Files.Email("crash", i), out var owner) || owner != (existing.Contains(i) ? null : id)).ToList();
            report.Check(unmarked.Count == 0, $"{unmarked.Count} user(s) missing or not marked as expected (Ferry's users with the job's id, the other tool's with none), e.g. rows {string.Join(", ", unmarked.Take(5))}");
        });

    private static string Describe(Auth0ChunkPhase phase) => phase switch
    {
        Auth0ChunkPhase.AnswerOnItsWay => "while a post's answer was on its way (Auth0 took the chunk)",
        Auth0ChunkPhase.Following => "while an Auth0 import job was followed",
        Auth0ChunkPhase.LookingUp => "while a finished chunk's users were looked up",
        _ => "while chunks waited for an import slot",
    };

    /// <summary>Waits until the job is in <paramref name="phase"/> (watching the sandbox's counters and Ferry's log); false when it finished first.</summary>
    private static async Task<bool> ReachAsync(Auth0ChunkPhase phase, ScenarioStack stack, string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var before = await stack.Sandbox.GetAuth0StatsAsync(cancellationToken);
        var posted = Posted(stack.Server.ReadLogs());
        var deadline = TimeProvider.System.GetTimestamp() + (long)(TimeProvider.System.TimestampFrequency * timeout.TotalSeconds);
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            var (status, body) = await Jobs.StatusAsync(stack.Client, id, cancellationToken);
            if ((int)status == 200 || (body is not null && Jobs.IsDone(body)))
            {
                return false;
            }

            var stats = await stack.Sandbox.GetAuth0StatsAsync(cancellationToken);
            var reached = phase switch
            {
                // The sandbox created the job and holds its answer for AnswerDelay: a kill now loses it.
                Auth0ChunkPhase.AnswerOnItsWay => Count(stats, "importJobsCreated") > Count(before, "importJobsCreated"),
                Auth0ChunkPhase.Following => Posted(stack.Server.ReadLogs()) > posted && Count(stats, "activeImportJobs") > 0,
                Auth0ChunkPhase.LookingUp => Count(stats, "userLookups") > Count(before, "userLookups"),
                _ => Count(stats, "activeImportJobs") >= 2,
            };
            if (reached)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }

        throw new TimeoutException($"The job {id} did not reach the phase {phase} within {timeout}.");
    }

    private static long Count(JsonObject stats, string name) => (long)stats[name]!;

    /// <summary>How many posts Ferry's log says were answered (<c>PostChunkActivity</c>'s line).</summary>
    private static int Posted(string logs)
    {
        var count = 0;
        for (var at = logs.IndexOf("posted as Auth0 import job", StringComparison.Ordinal); at >= 0; at = logs.IndexOf("posted as Auth0 import job", at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Where in a chunk's life <see cref="Auth0CrashScenario"/> kills Ferry, in the order the kills take them.</summary>
public enum Auth0ChunkPhase
{
    /// <summary>Auth0 created the import job; its answer has not reached Ferry.</summary>
    AnswerOnItsWay,

    /// <summary>Auth0's import job is running and Ferry follows it.</summary>
    Following,

    /// <summary>A chunk's job completed and Ferry looks its duplicated users up.</summary>
    LookingUp,

    /// <summary>Both import slots are taken; the other chunks wait before their post.</summary>
    WaitingForASlot,
}
