using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Sandbox.Auth0;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

/// <summary>Helpers so Auth0 tests read like Auth0's bulk-import guide.</summary>
internal static class Auth0Http
{
    public const string ConnectionId = Auth0Options.DefaultConnectionId;

    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The sandbox with a rate limit no test trips by accident (under a fake clock the bucket never refills).</summary>
    public static Task<SandboxHost> StartAsync(FakeTimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        all.TryAdd("Sandbox:Auth0:RateLimit:Limit", "100000");
        return SandboxHost.StartAsync(all, time);
    }

    public static Task<HttpResponseMessage> ImportAsync(
        this HttpClient client,
        string usersJson,
        string? connectionId = ConnectionId,
        bool? upsert = null,
        string? externalId = null,
        bool? sendCompletionEmail = false)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(usersJson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "users", "users.json");
        if (connectionId is not null)
        {
            form.Add(new StringContent(connectionId), "connection_id");
        }

        if (upsert is { } u)
        {
            form.Add(new StringContent(u ? "true" : "false"), "upsert");
        }

        if (externalId is not null)
        {
            form.Add(new StringContent(externalId), "external_id");
        }

        if (sendCompletionEmail is { } s)
        {
            form.Add(new StringContent(s ? "true" : "false"), "send_completion_email");
        }

        return client.PostAsync(new Uri("/api/v2/jobs/users-imports", UriKind.Relative), form);
    }

    /// <summary>Creates an import job (201) and returns its id.</summary>
    public static async Task<string> CreateJobAsync(this HttpClient client, string usersJson, bool upsert = false, bool sendCompletionEmail = false)
    {
        var response = await client.ImportAsync(usersJson, upsert: upsert, sendCompletionEmail: sendCompletionEmail);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["id"]!;
    }

    public static async Task<JsonObject> GetJobAsync(this HttpClient client, string id)
    {
        var response = await client.GetAsync(new Uri($"/api/v2/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    /// <summary>Runs a job to its end under the fake clock: past the pending delay and far enough for every user.</summary>
    public static async Task<JsonObject> RunJobAsync(this HttpClient client, FakeTimeProvider time, string usersJson, bool upsert = false)
    {
        var id = await client.CreateJobAsync(usersJson, upsert);
        time.Advance(TimeSpan.FromMinutes(1));
        return await client.GetJobAsync(id);
    }

    public static async Task<JsonArray> GetErrorsAsync(this HttpClient client, string id)
    {
        var response = await client.GetAsync(new Uri($"/api/v2/jobs/{id}/errors", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsArray();
    }

    /// <summary>Asserts Auth0's error shape <c>{statusCode, error, message, errorCode}</c>.</summary>
    public static async Task<JsonObject> AssertAuth0ErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? errorCode, string? message = null)
    {
        Assert.Equal(status, response.StatusCode);
        var body = (await response.ReadJsonAsync()).AsObject();
        Assert.Equal((int)status, (int)body["statusCode"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]));
        Assert.Equal(errorCode, (string?)body["errorCode"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)body["message"]);
        }

        return body;
    }

    public static string Users(params string[] users) => "[" + string.Join(",", users) + "]";
}
