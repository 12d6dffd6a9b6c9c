using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Malformed and hostile files (<see cref="HostileFiles"/>), POSTed or dropped into the inbox all at once while a
/// well-formed job runs: each gives its documented outcome, the good job completes with every row created, and the
/// server is still up and starts a new job afterwards.
/// </summary>
public static partial class BadInputScenario
{
    public static async Task<ScenarioReport> RunAsync(BadInputSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var report = new ScenarioReport("bad-input");
        var clock = Stopwatch.StartNew();
        await using var stack = await ScenarioStack.StartAsync(
            "ferry-bad-input",
            new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "10" },
            new Dictionary<string, string?>(),
            ct);
        var files = HostileFiles.All(settings.LongLineBytes, settings.HeaderColumns);
        report.Figure("hostile files", files.Count).Figure("good job rows", settings.GoodRows);

        var goodId = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv("good", settings.GoodRows, "Good Group"), name: "good.csv"))["id"]!.ToString();
        var ids = new List<string>();
        foreach (var file in files)
        {
            ids.Add(await StartAsync(stack, file, settings.Timeout));
        }

        var created = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var final = (await Jobs.WaitFinishedAsync(stack.Client, ids[i], settings.Timeout, stack.Server.ReadLogs))[^1].Body;
            var problems = await CheckAsync(stack, files[i], ids[i], final);
            report.AddProblems(problems.Select(p => $"{files[i].Name}: {p}"));
            report.Figure(files[i].Name, $"{files[i].What} → {files[i].Expected}{(problems.Count == 0 ? "" : " — NOT AS DOCUMENTED")}");
            created += files[i].Expected.FailureCode is null ? files[i].Expected.Created : 0;
        }

        var good = (await Jobs.WaitFinishedAsync(stack.Client, goodId, settings.Timeout, stack.Server.ReadLogs))[^1].Body;
        report.Check(good["runtimeStatus"]!.ToString() == "Completed", $"the good job ended {good["runtimeStatus"]}");
        await RowChecks.EveryRowOnceAsync(report, stack.Blobs, stack.Sandbox, goodId, settings.GoodRows, orgUsers: settings.GoodRows + created);

        var health = await stack.Client.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        report.Check(health.StatusCode == HttpStatusCode.OK, $"/healthz answered {(int)health.StatusCode} after the hostile files");
        var afterId = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv("after", 5), name: "after.csv"))["id"]!.ToString();
        var after = (await Jobs.WaitFinishedAsync(stack.Client, afterId, settings.Timeout, stack.Server.ReadLogs))[^1].Body;
        report.Check(
            after["runtimeStatus"]!.ToString() == "Completed" && (await Jobs.ResultsAsync(stack.Blobs, afterId)).All(r => r[4] == "created"),
            "a new job after the hostile files did not complete with every row created");
        report.Check(stack.Server.Process is { HasExited: false }, "the server process exited");
        var logs = stack.Server.ReadLogs();
        var errors = ErrorLine().Matches(logs).Select(m => m.Value.Trim()).ToList();
        report.Check(errors.Count == 0, $"the server logged errors: {string.Join(" | ", errors.Take(5))}");
        report.Figure("total time (s)", Math.Round(clock.Elapsed.TotalSeconds, 1));
        return report;
    }

    private static async Task<string> StartAsync(ScenarioStack stack, HostileFile file, TimeSpan timeout)
    {
        if (file.ViaInbox)
        {
            var name = $"import/{file.Name}";
            await Jobs.DropAsync(stack.Blobs, name, file.Content, new Dictionary<string, string>(file.Options));
            return await Jobs.WaitForInboxJobAsync(stack.Client, name, timeout);
        }

        var query = string.Join('&', file.Options.Select(o => $"{o.Key}={Uri.EscapeDataString(o.Value)}"));
        return (await Jobs.StartFileAsync(stack.Client, file.Content, query, file.Name))["id"]!.ToString();
    }

    private static async Task<List<string>> CheckAsync(ScenarioStack stack, HostileFile file, string id, JsonObject final)
    {
        var problems = new List<string>();
        var expected = file.Expected;
        var status = final["runtimeStatus"]!.ToString();
        if (expected.FailureCode is { } code)
        {
            var failure = final["output"]?["failure"];
            var message = failure?["message"]?.ToString() ?? "";
            if (status != "Failed" || failure?["code"]?.ToString() != code)
            {
                problems.Add($"expected a job failure {code}, got {status} {failure?.ToJsonString()}");
            }

            if (!message.Contains(expected.Text!, StringComparison.Ordinal) || !message.Contains(file.Name, StringComparison.Ordinal))
            {
                problems.Add($"the message does not name the file and say '{expected.Text}': {message}");
            }

            if ((int?)final["output"]?["summary"]?["callsTotal"] is not 0)
            {
                problems.Add("calls were made to Okta");
            }

            return problems;
        }

        if (status != "Completed")
        {
            problems.Add($"expected the job to complete, got {status} {final["output"]?["failure"]?.ToJsonString()}");
            return problems;
        }

        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var invalid = results.Where(r => r[4] == "invalid").ToList();
        if (!invalid.Select(r => r[1]).SequenceEqual(expected.Invalid.Select(e => e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            problems.Add($"invalid lines {string.Join(' ', invalid.Select(r => r[1]))}, expected {string.Join(' ', expected.Invalid.Select(e => e.Line))}");
        }

        foreach (var (row, want) in invalid.Zip(expected.Invalid))
        {
            // The documented message: "line 27, column 3 'Email Address': …", or "line 27: …" for the whole row.
            var prefix = want.Column is null ? $"line {want.Line}: " : $"line {want.Line}, column ";
            var names = want.Column is null || row[9].Contains($"'{want.Column}': ", StringComparison.Ordinal);
            if (row[8] != "invalid-row" || row[10] != (want.Column ?? "") || !row[9].StartsWith(prefix, StringComparison.Ordinal) || !names || !row[9].Contains(want.Text, StringComparison.Ordinal))
            {
                problems.Add($"line {want.Line}: expected invalid-row, column '{want.Column}', a message naming the line{(want.Column is null ? "" : " and column")} and saying '{want.Text}'; got {string.Join(',', row[8..11])}");
            }
        }

        var others = results.Where(r => r[4] != "invalid").ToList();
        if (others.Count != expected.Created || others.Any(r => r[4] != "created"))
        {
            problems.Add($"expected {expected.Created} other rows, all created; got {string.Join(" | ", others.Select(r => $"line {r[1]} {r[4]} {r[8]} {r[9]}"))}");
        }

        var failedLines = Jobs.ParseCsv(await Jobs.ReportAsync(stack.Blobs, id, "failed.csv")).Skip(1).Select(r => r[0]);
        if (!failedLines.SequenceEqual(invalid.Select(r => r[1])))
        {
            problems.Add("failed.csv does not list exactly the invalid rows");
        }

        if (expected.Results is { } extra)
        {
            problems.AddRange(extra(Jobs.ParseCsv(await Jobs.ReportAsync(stack.Blobs, id, "results.csv"))));
        }

        return problems;
    }

    /// <summary>An error or critical line of the server's console log (not a row or a job going wrong: the server).</summary>
    [GeneratedRegex(@"^\S+ (fail|crit): .*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
