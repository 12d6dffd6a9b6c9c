using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Cli.Api;

/// <summary>
/// An answer of the management API: its status, its JSON body (if any), the problem's detail for an error, and for a
/// redirect (never followed) where it pointed, as scheme://host:port.
/// </summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonNode? Body, string? Problem, string? RedirectedTo = null)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The exit code for an answer that is an error (docs/cli.md).</summary>
    public int ExitCode => Status switch
    {
        _ when IsSuccess => ExitCodes.Ok,
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => ExitCodes.NotPossibleNow,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
        HttpStatusCode.BadRequest => ExitCodes.Usage,
        _ => ExitCodes.ServerUnavailable,
    };

    /// <summary>What went wrong, in a line: the status and the server's problem detail.</summary>
    public string Describe() => Status switch
    {
        HttpStatusCode.NotFound => $"not found (404){Detail()}",
        HttpStatusCode.Unauthorized => "the server refused the key (401); set --key, FERRY_KEY or the profile's key",
        >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest =>
            $"the server answered {(int)Status} {Status}, a redirect to {RedirectedTo ?? "a relative location"}: not followed, "
            + "so the key is sent only to the server named; set --url (FERRY_URL, the profile's url) to the right address",
        _ => $"the server answered {(int)Status} {Status}{Detail()}",
    };

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body = null;
        try
        {
            body = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status says enough.
        }

        var problem = body is JsonObject o ? (string?)o["detail"] ?? (string?)o["title"] : null;
        var location = response.Headers.Location is { IsAbsoluteUri: true } to ? to.GetLeftPart(UriPartial.Authority) : null;
        return new ApiAnswer(response.StatusCode, body, problem, location);
    }

    private string Detail() => Problem is { Length: > 0 } p ? $": {p}" : "";
}
