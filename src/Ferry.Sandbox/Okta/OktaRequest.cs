using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Okta;

/// <summary>Helpers for reading Okta-style requests: JSON bodies, boolean and integer query parameters, links.</summary>
public static class OktaRequest
{
    /// <summary>The request body as JSON; null when it is empty or not well-formed (Okta's E0000003).</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool Bool(HttpRequest request, string name, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        return bool.TryParse(request.Query[name].ToString(), out var value) ? value : fallback;
    }

    /// <summary>A page size: the given value clamped to [1, max], or the endpoint's default.</summary>
    public static int Limit(HttpRequest request, int fallback, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        return int.TryParse(request.Query["limit"].ToString(), out var value) && value > 0 ? Math.Min(value, max) : fallback;
    }

    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}";
    }

    /// <summary>Okta's paging headers: <c>Link: &lt;…&gt;; rel="self"</c> and, when there is more, <c>rel="next"</c>.</summary>
    public static void AddPageLinks(HttpResponse response, string? nextCursor)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.HttpContext.Request;
        var path = BaseUrl(request) + request.Path;
        response.Headers.Append("Link", $"<{path}{request.QueryString}>; rel=\"self\"");
        if (nextCursor is null)
        {
            return;
        }

        var query = request.Query
            .Where(p => !string.Equals(p.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Prepend($"after={Uri.EscapeDataString(nextCursor)}");
        response.Headers.Append("Link", $"<{path}?{string.Join('&', query)}>; rel=\"next\"");
    }
}
