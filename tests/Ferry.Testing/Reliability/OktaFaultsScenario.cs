using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Testing.Reliability;

/// <summary>
/// An unreliable Okta: server errors, dropped connections (half of both after Okta applied the request), slow responses,
/// 429s although the bucket has room, and another app eating part of every bucket. Every valid row must end
/// <c>created</c>, nobody created twice. Then Okta goes hard-down during a second job: what still fails after every
/// retry is reported with its cause, and rerun-failed brings those rows in, still nobody twice.
/// </summary>
public static class OktaFaultsScenario
{
    public static async Task<ScenarioReport> RunAsync(OktaFaultsSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var report = new ScenarioReport("okta-faults");
        var clock = Stopwatch.StartNew();
        await using var stack = await ScenarioStack.StartAsync("ferry-faults", SandboxSettings(settings), ServerSettings(settings), ct);
        report.Figure("rows", settings.Rows)
            .Figure("faults", string.Create(CultureInfo.InvariantCulture, $"{settings.ServerErrorRate:P0} 5xx, {settings.ResetRate:P0} resets, {settings.SlowRate:P0} slow (+{settings.SlowDelay.TotalSeconds:F1} s), {settings.ThrottleRate:P0} injected 429s, {settings.BackgroundShare:P0} of every bucket used by another app"))
            .Figure("rate limits", string.Create(CultureInfo.InvariantCulture, $"{settings.RateLimitMultiplier}x Okta's per {settings.Window.TotalSeconds:F0} s window"));

        var started = clock.Elapsed;
        var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv("faults", settings.Rows, "Faults A;Faults B"), name: "faults.csv"))["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, settings.Timeout, stack.Server.ReadLogs))[^1].Body;
        report.Figure("job time (s)", Math.Round((clock.Elapsed - started).TotalSeconds, 1));
        report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}: {final["output"]?["failure"]?.ToJsonString()}");

        await RowChecks.EveryRowOnceAsync(report, stack.Blobs, stack.Sandbox, id, settings.Rows);
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var withErrors = results.Where(r => r[8].Length > 0).ToList();
        report.Check(withErrors.Count == 0, $"{withErrors.Count} row(s) carry an error code, e.g. {string.Join(" | ", withErrors.Take(3).Select(r => string.Join(',', r)))}");
        var stats = await stack.Sandbox.GetStatsAsync(ct);
        var summary = final["output"]?["summary"];
        report.Figure("requests to Okta", stats["requests"]!)
            .Figure("5xx injected", stats["serverErrors"]!)
            .Figure("connections dropped", stats["resets"]!)
            .Figure("slow responses", stats["slowResponses"]!)
            .Figure("429s (injected and from the limits)", stats["throttled"]!)
            .Figure("HTTP attempts over all rows (results.csv)", results.Sum(r => int.Parse(r[11], CultureInfo.InvariantCulture)))
            .Figure("calls counted by Ferry (summary)", summary?["callsTotal"] ?? "?")
            .Figure("429s counted by Ferry (summary)", summary?["throttled"] ?? "?");
        report.Check((long)stats["serverErrors"]! > 0 && (long)stats["resets"]! > 0 && (long)stats["slowResponses"]! > 0 && (long)stats["throttled"]! > 0, "not every kind of fault was injected: the run proves nothing");

        if (settings.OutageRows > 0)
        {
            await OutageAsync(report, stack, settings, ct);
        }

        report.Figure("total time (s)", Math.Round(clock.Elapsed.TotalSeconds, 1));
        return report;
    }

    /// <summary>
    /// Okta answers only 5xx (half of them after applying the request) from the start of a job until its first rows
    /// have failed after every retry, and <see cref="OktaFaultsSettings.Outage"/> longer; then it recovers.
    /// </summary>
    private static async Task OutageAsync(ScenarioReport report, ScenarioStack stack, OktaFaultsSettings settings, CancellationToken ct)
    {
        var usersBefore = (int)(await stack.Sandbox.GetStatsAsync(ct))["users"]!;
        var down = Stopwatch.StartNew();
        stack.Sandbox.SetFaults(f => f.ServerErrorRate = 1);
        string id;
        try
        {
            id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv("outage", settings.OutageRows), name: "outage.csv"))["id"]!.ToString();
            await Jobs.WaitAsync(stack.Client, id, b => (int)b["customStatus"]!["rowsFailed"]! > 0 || b["runtimeStatus"]!.ToString() is "Completed" or "Failed" or "Terminated", settings.Timeout, stack.Server.ReadLogs);
            await Task.Delay(settings.Outage, TimeProvider.System, ct);
        }
        finally
        {
            stack.Sandbox.SetFaults(f => f.ServerErrorRate = settings.ServerErrorRate);
        }

        report.Figure("outage: Okta answering only 5xx (s)", Math.Round(down.Elapsed.TotalSeconds, 1));
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, settings.Timeout, stack.Server.ReadLogs))[^1].Body;
        report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the outage job ended {final["runtimeStatus"]}");
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var failed = results.Where(r => r[4] == "failed").ToList();
        report.Figure("outage job: rows", settings.OutageRows);
        report.Figure("outage job: rows failed after every retry", failed.Count);
        if (!report.Check(failed.Count > 0, "the outage failed no row: make it longer than the retries, or the failure path is untested"))
        {
            return;
        }

        report.Check(results.Count == settings.OutageRows && results.All(r => r[4] is "created" or "failed"), "an outage job row is missing, or neither created nor failed");
        report.Check(
            failed.All(r => r[8] == "okta-unavailable" && r[9].Length > 0),
            $"a failed row does not say why (errorCode okta-unavailable and an errorSummary), e.g. {string.Join(" | ", failed.Where(r => r[8] != "okta-unavailable" || r[9].Length == 0).Take(3).Select(r => string.Join(',', r)))}");
        var failedCsv = Jobs.ParseCsv(await Jobs.ReportAsync(stack.Blobs, id, "failed.csv")).Skip(1).ToList();
        report.Check(
            failedCsv.Select(r => r[0]).SequenceEqual(failed.Select(r => r[1])) && failedCsv.All(r => r[5] == "okta-unavailable" && r[6].Length > 0),
            "failed.csv does not list exactly the failed rows, each with its errorCode and errorSummary");
        report.Figure("outage job: a failed row's cause", failed[0][9]);

        var rerun = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/rerun-failed", UriKind.Relative), null, ct);
        if (!report.Check(rerun.StatusCode == HttpStatusCode.Accepted, $"rerun-failed answered {(int)rerun.StatusCode}"))
        {
            return;
        }

        var rerunId = (await rerun.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.ToString();
        var rerunFinal = (await Jobs.WaitFinishedAsync(stack.Client, rerunId, settings.Timeout, stack.Server.ReadLogs))[^1].Body;
        var rerunResults = await Jobs.ResultsAsync(stack.Blobs, rerunId);
        // A row whose create Okta applied before answering 500 exists already when it is run again.
        report.Figure("rerun: created / existing", $"{rerunResults.Count(r => r[4] == "created")} / {rerunResults.Count(r => r[4] == "existing")}");
        report.Check(
            rerunResults.Select(r => r[1]).SequenceEqual(failed.Select(r => r[1])) && rerunResults.All(r => r[4] is "created" or "existing" && r[8].Length == 0),
            $"rerun-failed did not bring in exactly the failed rows: {rerunFinal["runtimeStatus"]}, {rerunResults.Count} rows, {rerunFinal["output"]?["summary"]?["actions"]?.ToJsonString()}");
        var stats = await stack.Sandbox.GetStatsAsync(ct);
        var users = (int)stats["users"]! - usersBefore;
        report.Check(users == settings.OutageRows, $"the outage job and its rerun left {users} users for {settings.OutageRows} rows");
        report.Check(stats["createAttemptsByLogin"]!.AsObject().Sum(p => (int)p.Value! - 1) == (int)stats["duplicateCreates"]!, "a login was created more than once");
    }

    private static Dictionary<string, string?> SandboxSettings(OktaFaultsSettings settings) => new()
    {
        ["Sandbox:Faults:ServerErrorRate"] = ScenarioStack.Setting(settings.ServerErrorRate),
        ["Sandbox:Faults:ResetRate"] = ScenarioStack.Setting(settings.ResetRate),
        ["Sandbox:Faults:SlowRate"] = ScenarioStack.Setting(settings.SlowRate),
        ["Sandbox:Faults:SlowDelay"] = ScenarioStack.Setting(settings.SlowDelay),
        ["Sandbox:Faults:ThrottleRate"] = ScenarioStack.Setting(settings.ThrottleRate),
        ["Sandbox:Faults:Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
        ["Sandbox:RateLimit:BackgroundShare"] = ScenarioStack.Setting(settings.BackgroundShare),
        ["Sandbox:RateLimit:Window"] = ScenarioStack.Setting(settings.Window),
        ["Sandbox:RateLimit:Multiplier"] = ScenarioStack.Setting(settings.RateLimitMultiplier),
    };

    private static Dictionary<string, string?> ServerSettings(OktaFaultsSettings settings) => new()
    {
        ["Ferry:Budget:Window"] = ScenarioStack.Setting(settings.Window),
        // Fewer passes over transiently failed rows than the defaults (3 + 6), and a circuit that closes again after
        // a second: the faults must still not fail a row, and an outage of a few seconds outlasts every retry.
        ["Ferry:Jobs:RetryRounds"] = "2",
        ["Ferry:Jobs:MaxBatchAttempts"] = "1",
        ["Okta:BreakDuration"] = "00:00:01",
        ["Ferry:Jobs:SliceRows"] = settings.SliceRows.ToString(CultureInfo.InvariantCulture),
    };
}
