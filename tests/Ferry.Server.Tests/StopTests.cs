using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests;

/// <summary>
/// "A stop stops" (docs/api.md): suspend and terminate in the middle of a batch at Okta's pace, where a batch holds half
/// a minute of leased slots, so waiting for it to end would mean a quarter of a minute more of creates. No create may
/// reach the org from about two seconds after the answer; resume goes on exactly where the job stopped; a terminated
/// job reports what it never attempted and its rerun runs exactly the rows not done, nobody twice.
/// </summary>
public sealed class StopTests
{
    private const int Rows = 150;

    /// <summary>How long after the control call's answer writes may still land (a request already on the wire).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Suspend_MidBatchAtOktasPace_NoCreateAfterTwoSeconds_ResumeFinishesEveryRowOnce()
    {
        await using var stack = await SlowOrg.StartAsync("ferry-suspend");
        var prefix = Jobs.Unique("suspend");
        var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, Rows), name: $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(stack.Client, id, b => Jobs.RowsDone(b) >= 40, Timeout, stack.Server.ReadLogs);

        var suspend = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/suspend?reason=test", UriKind.Relative), null);
        var (settled, later) = await UsersAfterAsync(stack);
        var suspended = (await Jobs.StatusAsync(stack.Client, id)).Body!;
        var resume = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/resume", UriKind.Relative), null);
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var users = await SlowOrg.UsersAsync(stack);

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(settled, later); // nothing created from two seconds after the suspend on
        Assert.InRange(settled, 40, Rows - 1);
        Assert.Equal("Suspended", suspended["runtimeStatus"]!.ToString());
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)), results.Select(r => r[0]));
        Assert.All(results, r => Assert.Equal("created", r[4]));
        Assert.Equal(Rows, users);
    }

    [Fact]
    public async Task Terminate_MidBatch_NoCreateAfterTwoSeconds_TheReportCountsWhatWasNotAttempted_AndItsRerunRunsExactlyTheRest()
    {
        await using var stack = await SlowOrg.StartAsync("ferry-terminate");
        var prefix = Jobs.Unique("term");
        var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, Rows), name: $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(stack.Client, id, b => Jobs.RowsDone(b) >= 40, Timeout, stack.Server.ReadLogs);

        var terminate = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/terminate?reason=test", UriKind.Relative), null);
        var (settled, later) = await UsersAfterAsync(stack);
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var summary = final["output"]!["summary"]!;
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var created = results.Where(r => r[4] == "created").Select(r => r[3]).ToHashSet(StringComparer.Ordinal);
        var notAttempted = results.Count(r => r[4] == "not-attempted");

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(settled, later);
        Assert.Equal("Terminated", final["runtimeStatus"]!.ToString());
        Assert.Equal("terminated", summary["outcome"]!.ToString());
        Assert.Equal(created.Count, settled); // every user in the org is reported created, and no other row is
        Assert.All(results.Where(r => r[4] != "created"), r => Assert.Equal(("not-attempted", "not-attempted"), (r[4], r[8])));
        Assert.Equal(Rows - created.Count, (int)summary["rowsNotAttempted"]!);
        Assert.Equal(Rows, (int)summary["rowsTotal"]! + (int)summary["rowsNotAttempted"]! - notAttempted);

        var rerun = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/rerun-failed", UriKind.Relative), null);
        var rerunId = (await rerun.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var rerunFinal = (await Jobs.WaitFinishedAsync(stack.Client, rerunId, Timeout, stack.Server.ReadLogs))[^1].Body;
        var rerunResults = await Jobs.ResultsAsync(stack.Blobs, rerunId);
        var users = await SlowOrg.UsersAsync(stack);

        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        Assert.Equal("Completed", rerunFinal["runtimeStatus"]!.ToString());
        Assert.Equal(Rows - created.Count, rerunResults.Count);
        Assert.All(rerunResults, r => Assert.Equal("created", r[4]));
        Assert.DoesNotContain(rerunResults, r => created.Contains(r[3]));
        Assert.Equal(Rows, created.Count + rerunResults.Count);
        Assert.Equal(Rows, users);
        Assert.Equal(0, (int)rerunFinal["output"]!["summary"]!["rowsNotAttempted"]!);
    }

    /// <summary>The org's users <see cref="Grace"/> after now, and again six seconds later.</summary>
    private static async Task<(int Settled, int Later)> UsersAfterAsync(ScenarioStack stack)
    {
        await Task.Delay(Grace, TimeProvider.System);
        var settled = await SlowOrg.UsersAsync(stack);
        await Task.Delay(TimeSpan.FromSeconds(6), TimeProvider.System);
        return (settled, await SlowOrg.UsersAsync(stack));
    }
}
