using System.Net;
using System.Text;

namespace Ferry.Server.Tests;

/// <summary>Function-key authentication on every management endpoint; keys never in a log line.</summary>
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
    public async Task CodeQueryParameter_IsAccepted()
    {
        using var client = stack.Server.CreateClient(withKey: false);

        var response = await client.GetAsync(new Uri("/api/migrations?code=ferry-test-key&top=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_NeverAppearInTheServerLog()
    {
        using var client = stack.Server.CreateClient(withKey: false);
        await client.GetAsync(new Uri("/api/migrations?code=ferry-test-key&top=1", UriKind.Relative));
        await client.GetAsync(new Uri("/api/migrations?code=guessed-key-5678", UriKind.Relative));

        var log = stack.Server.ReadLogs();

        Assert.NotEmpty(log);
        Assert.DoesNotContain("ferry-test-key", log, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed-key", log, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), new Uri(path, UriKind.Relative))
    {
        Content = method is "POST" ? new StringContent("email\nx@example.com\n", Encoding.UTF8, "text/csv") : null,
    };
}
