using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;

namespace Ferry.Cli.Tests;

/// <summary>The server commands of the built <c>ferry</c> against a real Ferry.Server, Azurite and the Okta sandbox.</summary>
[Collection("stack")]
public sealed class ServerCommandsTests(CliStack stack) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ferry-cli-server-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task List_FollowsTheContinuationTokenAcrossPages_UpToTopOrAll()
    {
        using var client = stack.Server.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("page"), 1), name: $"page-{i}.csv"))["id"]!.ToString());
        }

        foreach (var id in ids)
        {
            await Jobs.WaitFinishedAsync(client, id);
        }

        // Pages of one job: three requests, each continuing from the token of the one before.
        var three = await FerryCli.RunAsync(["list", "--top", "3", "--page-size", "1"], stack.Environment);
        Assert.True(three.ExitCode == 0, three.ToString());
        Assert.Equal("3 job(s)", three.Lines[^1]);

        var every = await FerryCli.RunAsync(["list", "--all", "--page-size", "2"], stack.Environment);
        Assert.True(every.ExitCode == 0, every.ToString());
        var all = (await client.GetFromJsonAsync<JsonArray>("/api/migrations?top=1000", TestContext.Current.CancellationToken))!;
        Assert.Equal($"{all.Count} job(s)", every.Lines[^1]);
        Assert.All(ids, id => Assert.Contains(every.Lines, l => l.Contains(id, StringComparison.Ordinal)));
        var listed = every.Lines.Select(l => l.Split('│', StringSplitOptions.TrimEntries)).Where(c => c.Length > 2 && ids.Contains(c[1])).Select(c => c[1]).ToList();
        Assert.Equal(ids.Count, listed.Distinct().Count());
        Assert.Equal(ids.Count, listed.Count); // no job twice across pages

        var refused = await FerryCli.RunAsync(["list", "--page-size", "0"], stack.Environment);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--page-size must be 1-1000", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_Redirected_PlainProgressLines_SummaryTable_ThenStatusListAndReports()
    {
        var prefix = Jobs.Unique("plain");
        var file = Write("plain.csv", Jobs.Csv(prefix, 40, "Team CLI") + $"{prefix}-bad@,U,X,\n");

        var run = await FerryCli.RunAsync(["migrate", file, "--option", "activation=activate"], stack.Environment);

        // One invalid row: the job completes with a row needing attention.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
        var id = run.Lines[0].Split(' ')[1];
        Assert.Equal($"Job {id} started from {file}", run.Lines[0]);
        Assert.Contains(run.Lines, l => l.StartsWith($"progress: {id} ", StringComparison.Ordinal) && l.Contains(" rows (", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith($"progress: {id} Completed · phase done · 41/41 rows (100.0%)", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => Cells(l) is ["rowsTotal", "41"]);
        Assert.Contains(run.Lines, l => Cells(l) is ["rowsNeedingAttention", "1"]);
        Assert.Contains(run.Lines, l => Cells(l) is ["actions.invalid", "1"]);
        Assert.Contains($"  failed: ferry-reports/{id}/failed.csv", run.Lines);

        var status = await FerryCli.RunAsync(["status", id], stack.Environment);
        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith($"{id} Completed · phase done · 41/41 rows", status.Lines[0], StringComparison.Ordinal);

        var json = await FerryCli.RunAsync(["status", id, "--json"], stack.Environment);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("Completed", JsonNode.Parse(json.Stdout)!["runtimeStatus"]!.ToString());

        var list = await FerryCli.RunAsync(["list", "--status", "Completed"], stack.Environment);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Lines, l => l.Contains(id, StringComparison.Ordinal) && l.Contains("Completed", StringComparison.Ordinal));

        var failedPath = Path.Combine(_folder, "failed.csv");
        var failed = await FerryCli.RunAsync(["report", id, "--name", "failed.csv", "--out", failedPath], stack.Environment);
        Assert.Equal(0, failed.ExitCode);
        var failedLines = (await File.ReadAllLinesAsync(failedPath, TestContext.Current.CancellationToken)).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, failedLines.Count);
        Assert.StartsWith("42,41,", failedLines[1], StringComparison.Ordinal);

        var summary = await FerryCli.RunAsync(["report", id], stack.Environment);
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(41, (int)JsonNode.Parse(summary.Stdout)!["rowsTotal"]!);
    }

    [Fact]
    public async Task Migrate_InATerminal_LiveDisplayWithProgressAndTheFinalSummary()
    {
        var prefix = Jobs.Unique("live");
        var file = Write("live.csv", Jobs.Csv(prefix, 300, "Team Live"));

        var run = await FerryCli.RunInTerminalAsync(["migrate", file], stack.Environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\u001b[", run.Stdout, StringComparison.Ordinal); // drawn, not printed line by line
        Assert.DoesNotContain("progress: ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Rows", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("█", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("300/300 (100.0%)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("429s", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("rowsSucceeded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Reports (container/blob):", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ReleasesAJobWaitingForApproval_ThenIsNotPossible()
    {
        var prefix = Jobs.Unique("approve");
        var file = Write("approve.csv", Jobs.Csv(prefix, 5));

        var started = await FerryCli.RunAsync(["migrate", file, "--detach", "--option", "requireApproval=true"], stack.Environment);
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Lines[^1];
        await WaitAsync(id, s => s["customStatus"]?["phase"]?.ToString() == "awaiting-approval");

        var approve = await FerryCli.RunAsync(["approve", id], stack.Environment);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var done = await WaitAsync(id, s => s["runtimeStatus"]!.ToString() == "Completed");
        Assert.Equal(5, (int)done["output"]!["summary"]!["actions"]!["created"]!);

        var again = await FerryCli.RunAsync(["approve", id], stack.Environment);
        Assert.Equal(4, again.ExitCode);
    }

    [Fact]
    public async Task Terminate_StopsAWaitingJobWithTheReason_ThenIsNotPossible()
    {
        var prefix = Jobs.Unique("stop");
        var file = Write("stop.csv", Jobs.Csv(prefix, 5));
        var started = await FerryCli.RunAsync(["migrate", file, "--detach", "--option", "requireApproval=true"], stack.Environment);
        var id = started.Lines[^1];
        await WaitAsync(id, s => s["customStatus"]?["phase"]?.ToString() == "awaiting-approval");

        var terminate = await FerryCli.RunAsync(["terminate", id, "--reason", "changed our mind"], stack.Environment);
        Assert.True(terminate.ExitCode == 0, terminate.ToString());
        var stopped = await WaitAsync(id, s => s["runtimeStatus"]!.ToString() == "Terminated");
        Assert.Equal("changed our mind", stopped["customStatus"]!["reason"]!.ToString());

        var status = await FerryCli.RunAsync(["status", id], stack.Environment);
        Assert.StartsWith($"{id} Terminated", status.Lines[0], StringComparison.Ordinal);
        var again = await FerryCli.RunAsync(["terminate", id], stack.Environment);
        Assert.Equal(4, again.ExitCode);
    }

    [Fact]
    public async Task RerunFailed_StartsANewJobOverTheFailedRows_AndWithNoneIsNotPossible()
    {
        var prefix = Jobs.Unique("rerun");
        var first = await FerryCli.RunAsync(["migrate", Write("first.csv", Jobs.Csv(prefix, 3))], stack.Environment);
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstId = first.Lines[0].Split(' ')[1];

        // Profile updates of logins Okta does not have: every row fails (not invalid), so there is something to rerun.
        var second = await FerryCli.RunAsync(
            ["migrate", Write("second.csv", $"login,firstName\n{prefix}-nobody1@example.com,N\n{prefix}-nobody2@example.com,N\n"), "--option", "kind=update-profiles"],
            stack.Environment);
        Assert.True(second.ExitCode == 1, second.ToString());
        var secondId = second.Lines[0].Split(' ')[1];

        var rerun = await FerryCli.RunAsync(["rerun-failed", secondId], stack.Environment);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var rerunId = rerun.Lines[0].Split(' ')[1];
        Assert.NotEqual(secondId, rerunId);
        Assert.Equal((await WaitAsync(rerunId, s => s["output"] is not null))["input"]!["rerunOf"]!.ToString(), secondId);

        var nothing = await FerryCli.RunAsync(["rerun-failed", firstId], stack.Environment);
        Assert.Equal(4, nothing.ExitCode);
    }

    [Fact]
    public async Task Undo_StartsAnUndoJobThatWaitsForApproval_ThenApproveDeletes_AndAnUndoOfTheUndoIsRefused()
    {
        var prefix = Jobs.Unique("undo");
        var first = await FerryCli.RunAsync(["migrate", Write("undo.csv", Jobs.Csv(prefix, 3))], stack.Environment);
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstId = first.Lines[0].Split(' ')[1];

        var undo = await FerryCli.RunAsync(["undo", firstId], stack.Environment);
        Assert.True(undo.ExitCode == 0, undo.ToString());
        var undoId = undo.Lines[0].Split(' ')[1];
        Assert.Equal($"{firstId}-undo1", undoId);
        Assert.Contains($"ferry approve {undoId}", undo.Stdout, StringComparison.Ordinal);
        await WaitAsync(undoId, s => s["customStatus"]!["phase"]!.ToString() == "awaiting-approval");
        Assert.True((await FerryCli.RunAsync(["approve", undoId], stack.Environment)).ExitCode == 0);
        var done = await WaitAsync(undoId, s => s["output"] is not null);

        Assert.Equal(firstId, done["input"]!["undoOf"]!.ToString());
        Assert.Equal(3, (int)done["output"]!["summary"]!["actions"]!["deleted"]!);
        Assert.Equal(64, (await FerryCli.RunAsync(["undo", undoId], stack.Environment)).ExitCode);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("approve")]
    [InlineData("terminate")]
    [InlineData("report")]
    public async Task UnknownJob_Exit3(string command)
    {
        var run = await FerryCli.RunAsync([command, "no-such-job-000000000000"], stack.Environment);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("not found", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_WrongInTheEnvironment_Exit6_TheFlagOverridesIt()
    {
        var environment = stack.Environment;
        environment["FERRY_KEY"] = "not-the-key";

        var refused = await FerryCli.RunAsync(["list"], environment);
        var accepted = await FerryCli.RunAsync(["list", "--key", FerryServerHost.ApiKey], environment);

        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("refused the key", refused.Stderr, StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
    }

    /// <summary>The cells of a table row as Spectre draws it (│ a │ b │), trimmed.</summary>
    private static string[] Cells(string line) =>
        line.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<JsonObject> WaitAsync(string id, Func<JsonObject, bool> done)
    {
        using var client = stack.Server.CreateClient();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt == 1500)
            {
                throw new TimeoutException($"job {id} never reached the state awaited\n{stack.Server.ReadLogs()}");
            }

            var (status, body) = await Jobs.StatusAsync(client, id, TestContext.Current.CancellationToken);
            if (status is HttpStatusCode.OK or HttpStatusCode.Accepted && body is not null && done(body))
            {
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, TestContext.Current.CancellationToken);
        }
    }
}
