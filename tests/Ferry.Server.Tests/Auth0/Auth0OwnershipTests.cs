using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests.Auth0;

/// <summary>
/// "A user Auth0 calls a duplicate is this job's own only when it carries the job's mark" (docs/auth0.md), tried the way
/// a second operator or another tool would break it: users of the same file imported moments before, and two jobs
/// racing over the same users, so that every user was created after both jobs' first posts. Whatever the clocks say,
/// each user is reported <c>created</c> by exactly the job that inserted it, and an undo deletes only those.
/// </summary>
[Collection("stack")]
public sealed class Auth0OwnershipTests(FerryStack stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task UsersAnotherToolImportedAMomentBefore_AreDuplicatedUsers_NeverCreated_AndCarryNoMark()
    {
        var prefix = Jobs.Unique("other");
        await OtherAuth0Tool.ImportAsync(stack.Sandbox, Enumerable.Range(1, 10).Select(i => Auth0Files.Email(prefix, 2 * i)), TestContext.Current.CancellationToken);
        using var client = stack.Server.CreateClient();

        var id = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 20), "target=auth0", $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id, Timeout, stack.Server.ReadLogs);
        var rows = await Jobs.ResultsAsync(stack.Blobs, id);
        var owners = await OtherAuth0Tool.OwnersAsync(stack.Sandbox, TestContext.Current.CancellationToken);

        Assert.Equal(20, rows.Count);
        Assert.All(rows.Where((_, i) => i % 2 == 1), r => Assert.Equal(("failed", "DUPLICATED_USER"), (r[4], r[8])));
        Assert.All(rows.Where((_, i) => i % 2 == 0), r => Assert.Equal("created", r[4]));
        Assert.All(Enumerable.Range(1, 20), i => Assert.Equal(i % 2 == 0 ? null : id, owners[Auth0Files.Email(prefix, i)]));
    }

    [Fact]
    public async Task TwoJobsOverTheSameUsersAtOnce_EachUserIsCreatedByOneJob_ReportedCreatedByThatJobAlone_AndUndoneByItAlone()
    {
        const int users = 240;
        var prefix = Jobs.Unique("race");
        var csv = Auth0Files.Csv(prefix, users);
        var lines = csv.TrimEnd('\n').Split('\n');
        var reversed = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Reverse())) + "\n"; // the jobs meet in the middle
        using var client = stack.Server.CreateClient();

        // Both posted before Auth0 processed either: users are created after both jobs' first sends.
        var started = await Task.WhenAll(
            Jobs.StartCsvAsync(client, csv, "target=auth0", $"{prefix}-a.csv"),
            Jobs.StartCsvAsync(client, reversed, "target=auth0", $"{prefix}-b.csv"));
        var (a, b) = (started[0]["id"]!.ToString(), started[1]["id"]!.ToString());
        await Jobs.WaitFinishedAsync(client, a, Timeout, stack.Server.ReadLogs);
        await Jobs.WaitFinishedAsync(client, b, Timeout, stack.Server.ReadLogs);
        var rowsA = (await Jobs.ResultsAsync(stack.Blobs, a)).ToDictionary(r => r[3]);
        var rowsB = (await Jobs.ResultsAsync(stack.Blobs, b)).ToDictionary(r => r[3]);
        var owners = await OtherAuth0Tool.OwnersAsync(stack.Sandbox, TestContext.Current.CancellationToken);

        Assert.Equal(users, rowsA.Count);
        Assert.Equal(users, rowsB.Count);
        foreach (var email in Enumerable.Range(1, users).Select(i => Auth0Files.Email(prefix, i)))
        {
            var owner = owners[email];
            Assert.True(owner == a || owner == b, $"{email} is marked {owner ?? "by no job"}");
            var (mine, theirs) = owner == a ? (rowsA[email], rowsB[email]) : (rowsB[email], rowsA[email]);
            Assert.Equal("created", mine[4]);
            Assert.Equal(("failed", "DUPLICATED_USER"), (theirs[4], theirs[8]));
        }

        // The undo of the job that inserted more of them (a race may leave one job all the users).
        var undoneJob = owners.Count(o => o.Value == a) >= owners.Count(o => o.Value == b) ? a : b;
        var kept = undoneJob == a ? b : a;
        using var undone = await client.PostAsync(new Uri($"/api/migrations/{undoneJob}/undo?requireApproval=false", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, undone.StatusCode);
        var undo = (await undone.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, undo, Timeout, stack.Server.ReadLogs);
        var left = await OtherAuth0Tool.OwnersAsync(stack.Sandbox, TestContext.Current.CancellationToken);
        Assert.All(Enumerable.Range(1, users).Select(i => Auth0Files.Email(prefix, i)), email =>
            Assert.Equal(owners[email] == kept, left.ContainsKey(email)));
        Assert.Equal(owners.Count(o => o.Value == undoneJob), (await Jobs.ResultsAsync(stack.Blobs, undo)).Count(r => r[4] == "deleted"));
    }
}
