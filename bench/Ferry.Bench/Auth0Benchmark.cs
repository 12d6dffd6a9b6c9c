using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Bench;

/// <summary>
/// <c>auth0 [--users 20000] [--users-per-second 500] [--runs 1]</c>: an Auth0 job through Ferry against the sandbox's
/// tenant, whose import jobs process <c>--users-per-second</c> users each, two at a time at most. The floor is the
/// tenant's own pace — every user through an import job, two jobs always running; Ferry's overhead is the wall time
/// above it (planning, posting, polling, mapping errors, reports). The sandbox's users carry the moment the import
/// reached them, so Auth0's own busy time is measured too. With <c>--undo true</c> each run's job is then undone
/// (without approval): the time, Management API requests and 429s of deleting every user at the tenant's pace.
/// </summary>
internal static class Auth0Benchmark
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var users = arguments.Int("users", 20_000);
        var perSecond = arguments.Int("users-per-second", 500);
        var runs = arguments.Int("runs", 1);
        var undo = arguments.Flag("undo");

        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Auth0:UsersPerSecond"] = perSecond.ToString(CultureInfo.InvariantCulture) });
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings["Ferry:Auth0:PollInterval"] = null; // Ferry's defaults: first poll after 1 s, doubling to 30 s
        settings["Ferry:Auth0:MaxPollInterval"] = null;
        settings["Ferry:Auth0:SlotRetryInterval"] = null;
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in arguments.Settings())
        {
            settings[key] = value;
        }

        await using var server = await FerryServerHost.StartAsync(settings, "ferry-bench-auth0");
        using var client = server.CreateClient();
        var blobs = azurite.CreateServiceClient();
        using var inspect = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var floorSeconds = users / (2.0 * perSecond);
        var table = new StringBuilder()
            .AppendLine("| run | users | wall time | users/min | floor (2 jobs × users/s) | Ferry overhead | Auth0 busy (first → last user imported) | import jobs | most at once | calls | rows created |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var undone = new StringBuilder()
            .AppendLine("| run | users deleted | undo wall time | users/min | Management API requests | 429s | users left |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            await inspect.PostAsync(new Uri("/sandbox/auth0/reset", UriKind.Relative), null);
            var prefix = $"bench{run}-";
            var csv = Auth0Files.Csv(prefix, users);
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client, csv, "target=auth0", $"auth0-bench-{run}.csv"))["id"]!.ToString();
            var final = (await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromHours(1), server.ReadLogs))[^1].Body;
            var wall = TimeProvider.System.GetElapsedTime(started);
            var stats = (await inspect.GetFromJsonAsync<JsonObject>(new Uri("/sandbox/auth0/stats", UriKind.Relative)))!;
            var listed = (await inspect.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative)))!;
            var times = listed.Select(u => DateTimeOffset.Parse(u!["created_at"]!.ToString(), CultureInfo.InvariantCulture)).ToList();
            var busy = times.Count > 1 ? (times.Max() - times.Min()).TotalSeconds : 0;
            var summary = final["output"]!["summary"]!;
            var calls = summary["calls"]!.AsObject().Sum(c => (long)c.Value!["requests"]!);
            var created = (int)summary["actions"]!["created"]!;
            table.AppendLine(CultureInfo.InvariantCulture, $"| {run} | {users:N0} | {wall.TotalSeconds:0.0} s | {users / wall.TotalMinutes:N0} | {floorSeconds:0.0} s ({users / (floorSeconds / 60):N0}/min) | {wall.TotalSeconds - floorSeconds:0.0} s ({100 * (wall.TotalSeconds - floorSeconds) / floorSeconds:0} %) | {busy:0.0} s | {stats["importJobsCreated"]} | {stats["maxConcurrentImportJobs"]} | {calls} | {created:N0} |");
            if (undo)
            {
                var undoStarted = TimeProvider.System.GetTimestamp();
                var answer = await client.PostAsync(new Uri($"/api/migrations/{id}/undo?requireApproval=false", UriKind.Relative), null);
                answer.EnsureSuccessStatusCode();
                var undoId = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
                var undoFinal = (await Jobs.WaitFinishedAsync(client, undoId, TimeSpan.FromHours(2), server.ReadLogs))[^1].Body;
                var undoWall = TimeProvider.System.GetElapsedTime(undoStarted);
                var after = (await inspect.GetFromJsonAsync<JsonObject>(new Uri("/sandbox/auth0/stats", UriKind.Relative)))!;
                var deleted = undoFinal["output"]!["summary"]!["actions"]!["deleted"]?.GetValue<int>() ?? 0;
                undone.AppendLine(CultureInfo.InvariantCulture, $"| {run} | {deleted:N0} | {undoWall.TotalSeconds:0.0} s | {deleted / undoWall.TotalMinutes:N0} | {(long)after["requests"]! - (long)stats["requests"]!:N0} | {(long)after["throttled"]! - (long)stats["throttled"]!:N0} | {after["users"]} |");
            }

        }

        if (undo)
        {
            table.AppendLine().Append(undone);
        }

        table.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Sandbox: each import job processes {perSecond} users/s after a {sandbox.Auth0Options.PendingDelay.TotalSeconds:0.0} s pending delay; Auth0 runs two per tenant at most; the Management API allows {sandbox.Auth0Options.RateLimit.Limit} requests refilled over {sandbox.Auth0Options.RateLimit.Window.TotalSeconds:0.#} s.")
            .AppendLine()
            .AppendLine(Machine.Describe());
        Console.WriteLine(table);
        await arguments.WriteOutAsync(table.ToString());
        return 0;
    }
}
