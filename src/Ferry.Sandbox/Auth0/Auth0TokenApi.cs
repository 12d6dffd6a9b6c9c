using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Sandbox.Okta;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Auth0's client-credentials grant: <c>POST /oauth/token</c> with a JSON or form body, answering an opaque
/// Management API token. Errors use the OAuth shape <c>{error, error_description}</c>, as Auth0's do.
/// </summary>
public static class Auth0TokenApi
{
    public const string ManagementScope = "read:users create:users update:users read:connections read:jobs create:jobs read:users_imports";

    public static RouteHandlerBuilder MapAuth0Token(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost("/oauth/token", IssueAsync);
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, Auth0Tokens tokens, IOptions<SandboxOptions> options)
    {
        tokens.CountRequest();
        var auth0 = options.Value.Auth0;
        var body = await ReadBodyAsync(request);
        if (body is null)
        {
            return OAuthError(400, "invalid_request", "Invalid request body");
        }

        if (!string.Equals(body.GetValueOrDefault("grant_type"), "client_credentials", StringComparison.Ordinal))
        {
            return OAuthError(403, "unauthorized_client", "Grant type '" + body.GetValueOrDefault("grant_type") + "' not allowed for the client.");
        }

        if (!SecretEquals(body.GetValueOrDefault("client_id"), auth0.ClientId) || !SecretEquals(body.GetValueOrDefault("client_secret"), auth0.ClientSecret))
        {
            return OAuthError(401, "access_denied", "Unauthorized");
        }

        var audience = body.GetValueOrDefault("audience") ?? string.Empty;
        if (!audience.EndsWith("/api/v2/", StringComparison.Ordinal))
        {
            return OAuthError(403, "access_denied", "Service not enabled within domain: " + audience);
        }

        var token = tokens.Issue(auth0.TokenLifetime);
        var expiresIn = (long)auth0.TokenLifetime.TotalSeconds;
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            json.WriteString("access_token", token);
            json.WriteString("token_type", "Bearer");
            json.WriteNumber("expires_in", expiresIn);
            json.WriteString("scope", ManagementScope);
            json.WriteEndObject();
        });
    }

    /// <summary>The body's string fields, from <c>application/x-www-form-urlencoded</c> or JSON; null when neither.</summary>
    private static async Task<Dictionary<string, string?>?> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        }

        try
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is not JsonObject json)
            {
                return null;
            }

            return json.ToDictionary(
                p => p.Key,
                p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString(),
                StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool SecretEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static OktaJsonResult OAuthError(int status, string error, string description) =>
        new(status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", error);
            json.WriteString("error_description", description);
            json.WriteEndObject();
        });
}
