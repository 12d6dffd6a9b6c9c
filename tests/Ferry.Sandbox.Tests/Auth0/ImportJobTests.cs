using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed class ImportJobTests
{
    private static string NumberedUsers(int count, string domain = "example.com") =>
        Auth0Http.Users(Enumerable.Range(0, count).Select(i => $$"""{"email":"user{{i}}@{{domain}}","email_verified":true}""").ToArray());

    [Fact]
    public async Task CreateImport_Valid_Is201PendingJob()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var response = await client.ImportAsync(NumberedUsers(2), externalId: "batch-1", sendCompletionEmail: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = await response.ReadJsonAsync();
        Assert.Equal("pending", (string?)job["status"]);
        Assert.Equal("users_import", (string?)job["type"]);
        Assert.Matches("^job_[A-Za-z0-9]{16}$", (string)job["id"]!);
        Assert.Equal(Auth0Http.ConnectionId, (string?)job["connection_id"]);
        Assert.Equal("Username-Password-Authentication", (string?)job["connection"]);
        Assert.False((bool)job["upsert"]!);
        Assert.Equal("batch-1", (string?)job["external_id"]);
        Assert.True((bool)job["send_completion_email"]!);
        Assert.True(DateTimeOffset.TryParse((string?)job["created_at"], System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task CreateImport_FileOver500KB_Is413()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();
        var big = new StringBuilder("[");
        for (var i = 0; big.Length <= 512_000; i++)
        {
            big.Append(i == 0 ? string.Empty : ",").Append($$"""{"email":"padding-user-{{i}}@example.com","given_name":"Padding"}""");
        }

        var response = await client.ImportAsync(big.Append(']').ToString());

        var error = await response.AssertAuth0ErrorAsync(HttpStatusCode.RequestEntityTooLarge, null, "Payload content length greater than maximum allowed: 512000");
        Assert.Equal("Request Entity Too Large", (string?)error["error"]);
        Assert.Equal(0, (int)(await sandbox.GetAuth0StatsAsync())["importJobsCreated"]!);
    }

    [Fact]
    public async Task CreateImport_MissingConnectionOrUsers_Is400InvalidBody()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();
        using var noUsers = new MultipartFormDataContent { { new StringContent(Auth0Http.ConnectionId), "connection_id" } };

        var withoutConnection = await client.ImportAsync(NumberedUsers(1), connectionId: null);
        var withoutUsers = await client.PostAsync(new Uri("/api/v2/jobs/users-imports", UriKind.Relative), noUsers);

        await withoutConnection.AssertAuth0ErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
        await withoutUsers.AssertAuth0ErrorAsync(HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task CreateImport_UnknownConnection_Is400ConnectionNotFound()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var response = await client.ImportAsync(NumberedUsers(1), connectionId: "con_0000000000000000");

        await response.AssertAuth0ErrorAsync(HttpStatusCode.BadRequest, "inexistent_connection", "connection not found");
    }

    [Fact]
    public async Task CreateImport_ThirdActiveJob_Is429AndTheMaximumStaysTwo()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:UsersPerSecond"] = "1" });
        using var client = await sandbox.CreateAuth0ClientAsync();

        await client.CreateJobAsync(NumberedUsers(10, "a.example"));
        await client.CreateJobAsync(NumberedUsers(10, "b.example"));
        var third = await client.ImportAsync(NumberedUsers(1, "c.example"));
        time.Advance(TimeSpan.FromSeconds(5));
        var fourth = await client.ImportAsync(NumberedUsers(1, "c.example"));
        time.Advance(TimeSpan.FromSeconds(10));
        var afterBothFinished = await client.ImportAsync(NumberedUsers(1, "c.example"));

        await third.AssertAuth0ErrorAsync(
            HttpStatusCode.TooManyRequests,
            "too_many_requests",
            "There are 2 active import users jobs, please wait until some of them are finished and try again");
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterBothFinished.StatusCode);
        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(2, (int)stats["maxConcurrentImportJobs"]!);
        Assert.Equal(2, (int)stats["importJobsRejectedConcurrent"]!);
        Assert.Equal(3, (int)stats["importJobsCreated"]!);
        Assert.Equal(1, (int)stats["activeImportJobs"]!);
    }

    [Fact]
    public async Task GetJob_OverTime_GoesPendingProcessingCompletedWithSummary()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:UsersPerSecond"] = "10", ["Sandbox:Auth0:PendingDelay"] = "00:00:01" });
        using var client = await sandbox.CreateAuth0ClientAsync();
        var id = await client.CreateJobAsync(NumberedUsers(20));

        var pending = await client.GetJobAsync(id);
        time.Advance(TimeSpan.FromSeconds(2));
        var processing = await client.GetJobAsync(id);
        time.Advance(TimeSpan.FromSeconds(1));
        var completed = await client.GetJobAsync(id);

        Assert.Equal("pending", (string?)pending["status"]);
        Assert.Null(pending["summary"]);
        Assert.Equal("processing", (string?)processing["status"]);
        Assert.Equal(50, (int)processing["percentage_done"]!);
        Assert.Equal(1, (int)processing["time_left_seconds"]!);
        Assert.Null(processing["summary"]);
        Assert.Equal("completed", (string?)completed["status"]);
        Assert.Equal(0, (int)completed["summary"]!["failed"]!);
        Assert.Equal(0, (int)completed["summary"]!["updated"]!);
        Assert.Equal(20, (int)completed["summary"]!["inserted"]!);
        Assert.Equal(20, (int)completed["summary"]!["total"]!);
        Assert.False(string.IsNullOrEmpty((string?)completed["location"]));
        Assert.Equal(20, (int)(await sandbox.GetAuth0StatsAsync())["users"]!);
    }

    [Fact]
    public async Task Import_UsersAreStampedAtTheImportRate()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:UsersPerSecond"] = "2", ["Sandbox:Auth0:PendingDelay"] = "00:00:00" });
        using var client = await sandbox.CreateAuth0ClientAsync();

        await client.RunJobAsync(time, NumberedUsers(4));
        using var inspection = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var users = (await (await inspection.GetAsync(new Uri("/sandbox/auth0/users", UriKind.Relative))).ReadJsonAsync()).AsArray();

        Assert.Equal(
            ["2026-01-01T00:00:00.500Z", "2026-01-01T00:00:01.000Z", "2026-01-01T00:00:01.500Z", "2026-01-01T00:00:02.000Z"],
            users.Select(u => (string)u!["created_at"]!));
        Assert.StartsWith("auth0|", (string?)users[0]!["user_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetErrors_NoFailures_Is204WithoutBody()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        var job = await client.RunJobAsync(time, NumberedUsers(3));

        var response = await client.GetAsync(new Uri($"/api/v2/jobs/{job["id"]}/errors", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Import_DuplicateWithoutUpsert_FailsWithDuplicatedUser()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        await client.RunJobAsync(time, Auth0Http.Users("""{"email":"ada@example.com","username":"ada","user_id":"ada-1"}"""));

        var job = await client.RunJobAsync(time, Auth0Http.Users(
            """{"email":"ADA@example.com"}""",
            """{"email":"other@example.com","username":"ada"}""",
            """{"email":"third@example.com","user_id":"ada-1"}""",
            """{"email":"new@example.com"}"""));
        var errors = await client.GetErrorsAsync((string)job["id"]!);

        Assert.Equal(3, (int)job["summary"]!["failed"]!);
        Assert.Equal(1, (int)job["summary"]!["inserted"]!);
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e =>
        {
            var error = Assert.Single(e!["errors"]!.AsArray())!;
            Assert.Equal("DUPLICATED_USER", (string?)error["code"]);
            Assert.Equal("The user already exist and upsert parameter is false", (string?)error["message"]);
            Assert.Equal(string.Empty, (string?)error["path"]);
        });
        Assert.Equal("ADA@example.com", (string?)errors[0]!["user"]!["email"]);
    }

    [Fact]
    public async Task Import_DuplicateWithUpsert_UpdatesTheUser()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        await client.RunJobAsync(time, Auth0Http.Users("""{"email":"ada@example.com","given_name":"Ada","user_id":"ada-1"}"""));

        var job = await client.RunJobAsync(time, Auth0Http.Users("""{"email":"ada@example.com","given_name":"Augusta","email_verified":true}"""), upsert: true);
        var user = await (await client.GetAsync(new Uri("/api/v2/users/auth0%7Cada-1", UriKind.Relative))).ReadJsonAsync();

        Assert.Equal(1, (int)job["summary"]!["updated"]!);
        Assert.Equal(0, (int)job["summary"]!["inserted"]!);
        Assert.True((bool)job["upsert"]!);
        Assert.Equal("Augusta", (string?)user["given_name"]);
        Assert.True((bool)user["email_verified"]!);
        Assert.NotEqual((string?)user["created_at"], (string?)user["updated_at"]);
        Assert.Equal(1, (int)(await sandbox.GetAuth0StatsAsync())["users"]!);
    }

    [Theory]
    [InlineData("{\"not\":\"an array\"}")]
    [InlineData("[{\"email\":\"a@example.com\"}, 3]")]
    [InlineData("[{\"email\":")]
    public async Task Import_FileNotAnArrayOfObjects_JobFails(string file)
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();

        var job = await client.RunJobAsync(time, file);

        Assert.Equal("failed", (string?)job["status"]);
        Assert.Null(job["summary"]);
        Assert.Equal(0, (int)(await sandbox.GetAuth0StatsAsync())["users"]!);
    }

    [Fact]
    public async Task Job_SlowerThanTheTimeout_Fails()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new()
        {
            ["Sandbox:Auth0:JobTimeout"] = "00:00:05",
            ["Sandbox:Auth0:UsersPerSecond"] = "1",
            ["Sandbox:Auth0:PendingDelay"] = "00:00:00",
        });
        using var client = await sandbox.CreateAuth0ClientAsync();
        var id = await client.CreateJobAsync(NumberedUsers(10));

        time.Advance(TimeSpan.FromSeconds(4));
        var before = await client.GetJobAsync(id);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await client.GetJobAsync(id);

        Assert.Equal("processing", (string?)before["status"]);
        Assert.Equal("failed", (string?)after["status"]);
        Assert.Null(after["summary"]);
        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(5, (int)stats["users"]!);
        Assert.Equal(0, (int)stats["activeImportJobs"]!);
    }

    [Fact]
    public async Task Job_AfterRetention_Is404InexistentJobWithItsErrors()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:JobRetention"] = "00:10:00" });
        using var client = await sandbox.CreateAuth0ClientAsync();
        var job = await client.RunJobAsync(time, Auth0Http.Users("""{"email":"bad"}"""));
        var id = (string)job["id"]!;
        Assert.Single(await client.GetErrorsAsync(id));

        time.Advance(TimeSpan.FromMinutes(8));
        var kept = await client.GetAsync(new Uri($"/api/v2/jobs/{id}", UriKind.Relative));
        var errorsKept = await client.GetAsync(new Uri($"/api/v2/jobs/{id}/errors", UriKind.Relative));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(HttpStatusCode.OK, errorsKept.StatusCode);
        var gone = await client.GetAsync(new Uri($"/api/v2/jobs/{id}", UriKind.Relative));
        var errorsGone = await client.GetAsync(new Uri($"/api/v2/jobs/{id}/errors", UriKind.Relative));
        await gone.AssertAuth0ErrorAsync(HttpStatusCode.NotFound, "inexistent_job", "The job does not exist");
        await errorsGone.AssertAuth0ErrorAsync(HttpStatusCode.NotFound, "inexistent_job");
    }

    [Fact]
    public async Task Job_WithCompletionEmail_CountsOneEmailWhenItEnds()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();

        await client.CreateJobAsync(NumberedUsers(2), sendCompletionEmail: true);
        var whilePending = (int)(await sandbox.GetAuth0StatsAsync())["completionEmails"]!;
        await client.CreateJobAsync(NumberedUsers(2, "other.example"), sendCompletionEmail: false);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, whilePending);
        Assert.Equal(1, (int)(await sandbox.GetAuth0StatsAsync())["completionEmails"]!);
    }
}
