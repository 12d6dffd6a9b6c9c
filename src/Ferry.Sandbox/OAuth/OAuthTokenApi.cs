using Ferry.Sandbox.Okta;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ferry.Sandbox.OAuth;

/// <summary>
/// The org authorization server's token endpoint for API service apps: <c>POST /oauth2/v1/token</c>, form body,
/// <c>client_credentials</c> with a <c>private_key_jwt</c> client assertion. Checks the assertion's signature against
/// the app's registered key, <c>iss</c> = <c>sub</c> = a known client, <c>aud</c> = this endpoint, <c>exp</c> (and
/// at most <see cref="OAuthOptions.MaxAssertionLifetime"/>), an unused <c>jti</c>, the scopes (asked ⊆ granted) and,
/// for apps that require it, DPoP (400 <c>use_dpop_nonce</c> with a <c>DPoP-Nonce</c> until the proof carries one).
/// Errors use the OAuth shape <c>{error, error_description}</c>, as Okta's do.
/// </summary>
public static class OAuthTokenApi
{
    public const string Path = "/oauth2/v1/token";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static RouteHandlerBuilder MapOAuthToken(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(Path, IssueAsync).DisableAntiforgery();
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, OAuthServer server)
    {
        server.CountRequest();
        if (!request.HasFormContentType)
        {
            return Error(server, 400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Error(server, 400, "unsupported_grant_type", $"The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].");
        }

        if (form["client_assertion_type"] != AssertionType || string.IsNullOrEmpty(form["client_assertion"]))
        {
            return Error(server, 401, "invalid_client", "Client authentication failed: a private_key_jwt client assertion is required.");
        }

        var now = server.Time.GetUtcNow();
        var assertion = form["client_assertion"].ToString();
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return Error(server, 401, "invalid_client", "The client_assertion is not a JWT.");
        }

        if (jwt.Issuer is not { Length: > 0 } clientId || server.App(clientId) is not { } registered)
        {
            return Error(server, 401, "invalid_client", "The client_id is invalid.");
        }

        var (app, key) = registered;
        if (key is null)
        {
            return Error(server, 401, "invalid_client", "The client has no usable public key registered.");
        }

        if (!string.IsNullOrEmpty(app.KeyId) && !string.IsNullOrEmpty(jwt.Kid) && jwt.Kid != app.KeyId)
        {
            return Error(server, 401, "invalid_client", "The client_assertion's kid matches no key of the client.");
        }

        if (!await JwtSignature.IsSignedByAsync(assertion, key))
        {
            return Error(server, 401, "invalid_client", "The client_assertion signature is invalid.");
        }

        if (jwt.Subject != clientId || (form["client_id"] is { Count: > 0 } given && given != clientId))
        {
            return Error(server, 401, "invalid_client", "The client_assertion's iss and sub must both be the client_id.");
        }

        var endpoint = $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";
        if (!jwt.Audiences.Contains(endpoint, StringComparer.Ordinal))
        {
            return Error(server, 401, "invalid_client", $"The audience of the client_assertion must be {endpoint}.");
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) <= now)
        {
            return Error(server, 401, "invalid_client", "The client_assertion token is expired.");
        }

        var issuedAt = jwt.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat) : now;
        if (DateTimeOffset.FromUnixTimeSeconds(exp) - issuedAt > server.Options.MaxAssertionLifetime)
        {
            return Error(server, 401, "invalid_client", "The client_assertion token has an expiration too far into the future.");
        }

        if (string.IsNullOrEmpty(jwt.Id) || !server.TryUseJti("assertion:" + clientId, jwt.Id, DateTimeOffset.FromUnixTimeSeconds(exp)))
        {
            return Error(server, 401, "invalid_client", "The client_assertion token has already been used (jti).");
        }

        var asked = ScopeRules.Split(form["scope"]);
        var granted = ScopeRules.Split(app.Scopes);
        if (asked.Count == 0)
        {
            return Error(server, 400, "invalid_scope", "The authorization server requires a scope for client_credentials.");
        }

        if (asked.Except(granted, StringComparer.Ordinal).ToList() is { Count: > 0 } refused)
        {
            return Error(server, 400, "invalid_scope", $"The following scopes are not allowed: {string.Join(' ', refused)}");
        }

        string? jkt = null;
        if (app.RequireDPoP)
        {
            var proof = request.Headers["DPoP"].ToString();
            if (string.IsNullOrEmpty(proof))
            {
                return NeedsNonce(request, server);
            }

            var verdict = await DPoPProof.CheckAsync(proof, request, server, accessToken: null);
            if (verdict.NeedsNonce)
            {
                return NeedsNonce(request, server);
            }

            if (verdict.Error is { } error)
            {
                return Error(server, 400, "invalid_dpop_proof", error);
            }

            jkt = verdict.Jkt;
        }

        var (token, lifetime) = server.Issue(clientId, asked, jkt);
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            json.WriteString("token_type", jkt is null ? "Bearer" : "DPoP");
            json.WriteNumber("expires_in", (long)lifetime.TotalSeconds);
            json.WriteString("access_token", token);
            json.WriteString("scope", string.Join(' ', asked));
            json.WriteEndObject();
        });
    }

    private static OktaJsonResult NeedsNonce(HttpRequest request, OAuthServer server)
    {
        request.HttpContext.Response.Headers["DPoP-Nonce"] = server.NewNonce();
        return Error(server, 400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
    }

    private static OktaJsonResult Error(OAuthServer server, int status, string error, string description)
    {
        server.CountRefused();
        return new OktaJsonResult(status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", error);
            json.WriteString("error_description", description);
            json.WriteEndObject();
        });
    }
}
