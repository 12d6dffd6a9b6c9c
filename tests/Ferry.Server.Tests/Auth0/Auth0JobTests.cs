using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests.Auth0;

/// <summary>
/// Auth0 jobs end to end on the real stack: Ferry.Server as a process, Azurite, and the sandbox's Auth0 tenant (its
/// bulk import processing users over time, with Auth0's limits). Each test uses its own emails.
/// </summary>
[Collection("stack")]
public sealed class Auth0JobTests(FerryStack stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SeedJson_ThroughTheInbox_EveryUserCreated_InTheConnection_NoCompletionEmail()
    {
        var prefix = Jobs.Unique("seed");
        var emailsBefore = (int)(await stack.Sandbox.GetAuth0StatsAsync())["completionEmails"]!;
        using var client = stack.Server.CreateClient();
        var name = $"{prefix}.json";
        await Jobs.DropAsync(stack.Blobs, name, Encoding.UTF8.GetBytes(Auth0Files.SeedJson(prefix)));

        var id = await Jobs.WaitForInboxJobAsync(client, name, TimeSpan.FromMinutes(1));
        var final = (await Jobs.WaitFinishedAsync(client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var rows = await Jobs.ResultsAsync(stack.Blobs, id);

        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal("auth0", final["input"]!["options"]!["target"]!.ToString());
        Assert.Equal([Auth0Files.Email(prefix, 1), Auth0Files.Email(prefix, 2), Auth0Files.Email(prefix, 3)], rows.Select(r => r[3]));
        Assert.All(rows, r => Assert.Equal("created", r[4]));
        var starts = Auth0Files.SeedJson(prefix).Split('\n').Select((line, i) => (line, i)).Where(l => l.line == "  {").Select(l => (l.i + 1).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(starts, rows.Select(r => r[1])); // the line each user starts on
        Assert.Equal($"{prefix}jdoe3", rows[2][2]);
        using var auth0 = await stack.Sandbox.CreateAuth0ClientAsync();
        for (var i = 1; i <= 3; i++)
        {
            var found = await auth0.GetFromJsonAsync<JsonArray>(new Uri($"/api/v2/users-by-email?email={Uri.EscapeDataString(Auth0Files.Email(prefix, i))}", UriKind.Relative));
            Assert.Equal(stack.Sandbox.Auth0Options.ConnectionName, Assert.Single(found!)!["identities"]![0]!["connection"]!.ToString());
        }

        Assert.Equal(emailsBefore, (int)(await stack.Sandbox.GetAuth0StatsAsync())["completionEmails"]!);
        var summary = final["output"]!["summary"]!;
        Assert.Equal(3, (int)summary["rowsSucceeded"]!);
        Assert.True((int)summary["calls"]!["POST /api/v2/jobs/users-imports"]!["requests"]! >= 1, summary.ToJsonString());
    }

    [Fact]
    public async Task CsvWithAHashOfEveryAlgorithm_OverHttp_ValidRowsCreated_BrokenHashesInvalidOnTheirLines()
    {
        var prefix = Jobs.Unique("hashes");
        using var client = stack.Server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Auth0Files.EveryAlgorithmCsv(prefix), "target=auth0", $"{prefix}.csv"))["id"]!.ToString();

        var final = (await Jobs.WaitFinishedAsync(client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var rows = await Jobs.ResultsAsync(stack.Blobs, id);
        var failed = await Jobs.ReportAsync(stack.Blobs, id, "failed.csv");

        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(14, rows.Count);
        Assert.All(rows.Take(12), r => Assert.Equal("created", r[4]));
        Assert.Equal(["invalid", "invalid"], rows.Skip(12).Select(r => r[4]));
        Assert.Equal(["14", "15"], rows.Skip(12).Select(r => r[1]));
        Assert.Equal("hash_value", rows[12][10]);
        Assert.Contains("key", rows[13][10], StringComparison.Ordinal);
        Assert.DoesNotContain("not-hex-at-all", failed, StringComparison.Ordinal);
        Assert.DoesNotContain(Auth0Files.HmacSha256Base64, failed, StringComparison.Ordinal);
        var stats = await stack.Sandbox.GetAuth0StatsAsync();
        Assert.True((int)stats["maxConcurrentImportJobs"]! <= 2, stats.ToJsonString());
    }

    [Fact]
    public async Task ExistingUsers_FailWithDuplicatedUserOnTheirLines_UnlessUpsert_ThenUpdated()
    {
        var prefix = Jobs.Unique("dup");
        using var client = stack.Server.CreateClient();
        // Users 1–3 exist before the job (imported by an earlier one).
        var first = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 3), "target=auth0", $"{prefix}-first.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, first, Timeout, stack.Server.ReadLogs);
        // No pause: users another job created a moment ago are never taken for this job's own (they carry the other job's mark).
        var again = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 6), "target=auth0", $"{prefix}-again.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, again, Timeout, stack.Server.ReadLogs);
        var upsert = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 8), "target=auth0&upsert=true", $"{prefix}-upsert.csv"))["id"]!.ToString();
        var upserted = (await Jobs.WaitFinishedAsync(client, upsert, Timeout, stack.Server.ReadLogs))[^1].Body;

        var againRows = await Jobs.ResultsAsync(stack.Blobs, again);
        Assert.Equal(["failed", "failed", "failed", "created", "created", "created"], againRows.Select(r => r[4]));
        Assert.All(againRows.Take(3), r => Assert.Equal("DUPLICATED_USER", r[8]));
        Assert.Equal(["2", "3", "4"], againRows.Take(3).Select(r => r[1]));
        Assert.All(againRows.Take(3), r => Assert.StartsWith("auth0|", r[6], StringComparison.Ordinal));
        var upsertRows = await Jobs.ResultsAsync(stack.Blobs, upsert);
        Assert.Equal(["updated", "updated", "updated", "updated", "updated", "updated", "created", "created"], upsertRows.Select(r => r[4]));
        Assert.Equal(8, (int)upserted["output"]!["summary"]!["rowsSucceeded"]!);
    }

    [Fact]
    public async Task TwentyThousandUsers_InChunksUnder400Kb_AtMostTwoAuth0JobsAtOnce_EveryRowCreatedOnce()
    {
        const int users = 20_000;
        var prefix = Jobs.Unique("big");
        var before = await stack.Sandbox.GetAuth0StatsAsync();
        using var client = stack.Server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, users), "target=auth0", $"{prefix}.csv"))["id"]!.ToString();

        var seen = await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(5), stack.Server.ReadLogs);
        var final = seen[^1].Body;
        var rows = await Jobs.ResultsAsync(stack.Blobs, id);
        var after = await stack.Sandbox.GetAuth0StatsAsync();

        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(Enumerable.Range(1, users).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("created", r[4]));
        var jobs = (int)after["importJobsCreated"]! - (int)before["importJobsCreated"]!;
        Assert.InRange(jobs, 12, 15); // about 250 bytes a user with the job's mark: 13 chunks
        Assert.True((int)after["maxConcurrentImportJobs"]! <= 2, after.ToJsonString());
        Assert.Equal((int)before["completionEmails"]!, (int)after["completionEmails"]!);
        Assert.Equal(users, (int)after["users"]! - (int)before["users"]!);
        // Progress was visible while it ran: some status between 0 and all rows.
        Assert.Contains(seen, s => (int)s.Body["customStatus"]!["rowsDone"]! is > 0 and < users);
    }
}
