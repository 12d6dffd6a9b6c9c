using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Tests;

/// <summary>Small helpers so tests read like Okta's curl examples.</summary>
internal static class OktaHttp
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path) =>
        client.PostAsync(new Uri(path, UriKind.Relative), content: null);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>Asserts Okta's error shape and returns the error causes' summaries.</summary>
    public static async Task<IReadOnlyList<string>> AssertOktaErrorAsync(
        this HttpResponseMessage response,
        HttpStatusCode status,
        string errorCode,
        string? errorSummary = null)
    {
        Assert.Equal(status, response.StatusCode);
        var body = (await response.ReadJsonAsync()).AsObject();
        Assert.Equal(errorCode, (string?)body["errorCode"]);
        Assert.Equal(errorCode, (string?)body["errorLink"]);
        Assert.StartsWith("oae", (string?)body["errorId"], StringComparison.Ordinal);
        if (errorSummary is not null)
        {
            Assert.Equal(errorSummary, (string?)body["errorSummary"]);
        }

        return body["errorCauses"]!.AsArray().Select(c => (string)c!["errorSummary"]!).ToList();
    }

    public static async Task<JsonObject> CreateUserAsync(
        this HttpClient client,
        string login,
        string query = "?activate=false",
        string? extra = null)
    {
        var json = $$"""
            {"profile":{"firstName":"Test","lastName":"User","email":"{{login}}","login":"{{login}}"}{{(extra is null ? string.Empty : "," + extra)}}}
            """;
        var response = await client.PostJsonAsync("/api/v1/users" + query, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    public static async Task<JsonObject> CreateGroupAsync(this HttpClient client, string name)
    {
        var response = await client.PostJsonAsync("/api/v1/groups", $$"""{"profile":{"name":"{{name}}"} }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsObject();
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    public static IEnumerable<string> Links(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) ? values : [];

    /// <summary>The URL of <c>Link: &lt;url&gt;; rel="next"</c>, or null on the last page.</summary>
    public static Uri? NextLink(this HttpResponseMessage response)
    {
        var next = response.Links().FirstOrDefault(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal));
        return next is null ? null : new Uri(next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)]);
    }
}
