using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing.Reliability;

namespace Ferry.Server.Tests.Auth0;

/// <summary>
/// Auth0 import jobs that fail part-way (the sandbox fails a job still running after its <c>JobTimeout</c>; the users
/// imported so far stay): Ferry posts the chunk again, recognises the users its earlier post created as its own (not
/// <c>DUPLICATED_USER</c> failures), and after its last attempt reports every row as it stands — created, or failed
/// with <c>auth0-job-failed</c>. No row is lost and none is misreported.
/// </summary>
public sealed class Auth0FailedImportTests
{
    [Fact]
    public async Task ImportJobsThatTimeOut_ThePartlyImportedUsersAreCreated_TheRestFailWithAuth0JobFailed()
    {
        const int users = 400;
        await using var stack = await ScenarioStack.StartAsync(
            "ferry-auth0-failing",
            new Dictionary<string, string?>
            {
                ["Sandbox:Auth0:UsersPerSecond"] = "100",
                ["Sandbox:Auth0:JobTimeout"] = "00:00:02",
                ["Sandbox:Auth0:RateLimit:Limit"] = "50", // the users of a failed job are looked up one by one: not what this test measures
                ["Sandbox:Auth0:RateLimit:Window"] = "00:00:01",
            },
            new Dictionary<string, string?> { ["Ferry:Auth0:ChunkAttempts"] = "2" },
            TestContext.Current.CancellationToken);

        var id = (await Jobs.StartCsvAsync(stack.Client, Auth0Files.Csv("slow", users), "target=auth0", "slow.csv"))["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, TimeSpan.FromMinutes(2), stack.Server.ReadLogs))[^1].Body;
        var rows = await Jobs.ResultsAsync(stack.Blobs, id);
        var stats = await stack.Sandbox.GetAuth0StatsAsync(TestContext.Current.CancellationToken);
        using var inspect = new HttpClient { BaseAddress = stack.Sandbox.BaseAddress };
        var tenant = (await inspect.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative), TestContext.Current.CancellationToken))!
            .Select(u => u!["email"]!.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(2, (int)stats["importJobsCreated"]!);
        Assert.Equal(2, (int)stats["importJobsFailed"]!);
        Assert.Equal(Enumerable.Range(1, users).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        var created = rows.Where(r => r[4] == "created").ToList();
        var failed = rows.Where(r => r[4] == "failed").ToList();
        Assert.Equal(users, created.Count + failed.Count);
        Assert.InRange(created.Count, 1, users - 1);
        // Created exactly when the tenant has the user: the second post's duplicates were taken for the job's own.
        Assert.All(rows, r => Assert.Equal(tenant.Contains(r[3]), r[4] == "created"));
        Assert.All(created, r => Assert.StartsWith("auth0|", r[6], StringComparison.Ordinal));
        Assert.All(failed, r => Assert.Equal("auth0-job-failed", r[8]));
        Assert.All(rows, r => Assert.Equal("2", r[11]));
    }
}
