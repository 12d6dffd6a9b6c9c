using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests;

/// <summary>
/// Function-key style authentication on every management endpoint: header keys only, webhook keys for the webhook only,
/// no key in a returned URI or a log line.
/// </summary>
[Collection("stack")]
public sealed class AccessTests(FerryStack stack)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/migrations" },
        { "GET", "/api/migrations" },
        { "GET", "/api/migrations/some-job-000000000000" },
        { "POST", "/api/migrations/some-job-000000000000/terminate" },
        { "POST", "/api/migrations/some-job-000000000000/suspend" },
        { "POST", "/api/migrations/some-job-000000000000/resume" },
        { "POST", "/api/migrations/some-job-000000000000/raiseEvent/approve" },
        { "DELETE", "/api/migrations/some-job-000000000000" },
        { "POST", "/api/migrations/some-job-000000000000/rerun-failed" },
        { "POST", "/api/migrations/some-job-000000000000/undo" },
        { "GET", "/api/migrations/some-job-000000000000/reports/results.csv" },
        { "POST", "/api/events/blob-created" },
        { "GET", "/api/diagnostics" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithoutKey_Is401(string method, string path)
    {
        using var client = stack.Server.CreateClient(withKey: false);

        var response = await client.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-ferry-key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithWrongKey_Is401_AsHeaderOrCode(string method, string path)
    {
        using var client = stack.Server.CreateClient(withKey: false);
        var header = Request(method, path);
        header.Headers.Add("x-ferry-key", "guessed-key-1234");

        var byHeader = await client.SendAsync(header);
        var byCode = await client.SendAsync(Request(method, path + "?code=guessed-key-5678"));

        Assert.Equal(HttpStatusCode.Unauthorized, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byCode.StatusCode);
    }

    [Fact]
    public async Task CodeQueryParameter_IsRefusedOnTheApi_EvenWithAValidKey()
    {
        using var client = stack.Server.CreateClient(withKey: false);

        var response = await client.GetAsync(new Uri($"/api/migrations?code={FerryServerHost.ApiKey}&top=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-ferry-key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task WebhookKey_OnlyDeliversEvents(string method, string path)
    {
        using var client = stack.Server.CreateClient(withKey: false);
        var request = path == "/api/events/blob-created" ? ValidationEvent() : Request(method, path);
        request.Headers.Add("x-ferry-key", FerryServerHost.WebhookKey);

        var response = await client.SendAsync(request);

        if (path == "/api/events/blob-created")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("validation-code-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Ferry:Api:WebhookKeys", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CodeQueryParameter_OnTheWebhook_IsRefusedUnlessEnabled()
    {
        using var client = stack.Server.CreateClient(withKey: false);

        var response = await client.SendAsync(ValidationEvent($"?code={FerryServerHost.WebhookKey}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReturnedUrisAndHeaders_NeverCarryTheKey()
    {
        using var client = stack.Server.CreateClient();
        var start = await client.PostAsync(
            new Uri("/api/migrations?name=keys.csv", UriKind.Relative),
            new StringContent(Jobs.Csv(Jobs.Unique("keys"), 3), Encoding.UTF8, "text/csv"));
        var id = JsonNode.Parse(await start.Content.ReadAsStringAsync())!["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs);
        var answers = new List<HttpResponseMessage>
        {
            start,
            await client.GetAsync(new Uri($"/api/migrations/{id}", UriKind.Relative)),
            await client.GetAsync(new Uri("/api/migrations?top=1000", UriKind.Relative)),
            await client.PostAsync(new Uri($"/api/migrations/{id}/undo", UriKind.Relative), null),
        };

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.NotNull(start.Headers.Location);
        foreach (var answer in answers)
        {
            var text = string.Join("\n", answer.Headers.Concat(answer.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"))
                + "\n" + await answer.Content.ReadAsStringAsync();
            Assert.Contains(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(FerryServerHost.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("code=", text, StringComparison.Ordinal);
        }

        var undo = JsonNode.Parse(await answers[^1].Content.ReadAsStringAsync())!["id"]!.ToString();
        await client.PostAsync(new Uri($"/api/migrations/{undo}/terminate?reason=test", UriKind.Relative), null);
    }

    [Fact]
    public async Task Keys_NeverAppearInTheServerLog()
    {
        using var client = stack.Server.CreateClient(withKey: false);
        await client.GetAsync(new Uri($"/api/migrations?code={FerryServerHost.ApiKey}&top=1", UriKind.Relative));
        await client.GetAsync(new Uri("/api/migrations?code=guessed-key-5678", UriKind.Relative));
        var header = Request("GET", "/api/migrations?top=1");
        header.Headers.Add("x-ferry-key", "guessed-key-9012");
        await client.SendAsync(header);

        var log = stack.Server.ReadLogs();

        Assert.NotEmpty(log);
        Assert.DoesNotContain(FerryServerHost.ApiKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(FerryServerHost.WebhookKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed-key", log, StringComparison.Ordinal);
    }

    private static HttpRequestMessage ValidationEvent(string query = "") => new(HttpMethod.Post, new Uri("/api/events/blob-created" + query, UriKind.Relative))
    {
        Content = new StringContent(
            """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","subject":"","data":{"validationCode":"validation-code-1"},"eventTime":"2026-01-01T00:00:00Z","dataVersion":"1"}]""",
            Encoding.UTF8,
            "application/json"),
    };

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), new Uri(path, UriKind.Relative))
    {
        Content = method is "POST" ? new StringContent("email\nx@example.com\n", Encoding.UTF8, "text/csv") : null,
    };
}
