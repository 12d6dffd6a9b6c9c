using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Sandbox.OAuth;

/// <summary>
/// Checks a DPoP proof (RFC 9449) as Okta does: <c>typ</c> <c>dpop+jwt</c>, signed by the public key in its <c>jwk</c>
/// header, <c>htm</c>/<c>htu</c> naming this request, <c>iat</c> near now, an unused <c>jti</c>, a nonce the server
/// handed out and, with an access token, <c>ath</c> = its SHA-256. Yields the key's thumbprint (<c>jkt</c>).
/// </summary>
public static class DPoPProof
{
    /// <summary>The proof's verdict: its key's thumbprint, or the error (with <c>NeedsNonce</c> when only the nonce is wrong).</summary>
    public readonly record struct Verdict(string? Jkt, string? Error, bool NeedsNonce);

    public static async Task<Verdict> CheckAsync(string proof, HttpRequest request, OAuthServer server, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(proof);
        }
        catch (ArgumentException)
        {
            return Bad("The DPoP proof is not a JWT.");
        }

        if (jwt.Typ != "dpop+jwt" || !jwt.TryGetHeaderValue<JsonElement>("jwk", out var jwkElement) || jwkElement.ValueKind != JsonValueKind.Object)
        {
            return Bad("The DPoP proof must have typ dpop+jwt and a jwk header.");
        }

        var jwk = new JsonWebKey(jwkElement.GetRawText());
        if (!string.IsNullOrEmpty(jwk.D) || PublicKeys.TryRead(jwkElement.GetRawText()) is not { } key)
        {
            return Bad("The DPoP proof's jwk must be a public RSA or EC P-256 key.");
        }

        if (!await JwtSignature.IsSignedByAsync(proof, key, "dpop+jwt"))
        {
            return Bad("The DPoP proof's signature is invalid.");
        }

        // Compared unescaped: the path arrives decoded (a login's %40 is @ here).
        var htu = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        if (!jwt.TryGetPayloadValue<string>("htm", out var htm) || htm != request.Method
            || !jwt.TryGetPayloadValue<string>("htu", out var claimedHtu)
            || !string.Equals(Uri.UnescapeDataString(claimedHtu), Uri.UnescapeDataString(htu), StringComparison.Ordinal))
        {
            return Bad("The DPoP proof's htm or htu does not match the request.");
        }

        var now = server.Time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(iat)).TotalSeconds) > server.Options.ProofTolerance.TotalSeconds)
        {
            return Bad("The DPoP proof's iat is missing or too far from now.");
        }

        if (accessToken is not null
            && (!jwt.TryGetPayloadValue<string>("ath", out var ath)
                || ath != Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)))))
        {
            return Bad("The DPoP proof's ath does not match the access token.");
        }

        if (!jwt.TryGetPayloadValue<string>("nonce", out var nonce) || !server.IsValidNonce(nonce))
        {
            return new Verdict(null, "Authorization server requires nonce in DPoP proof.", NeedsNonce: true);
        }

        if (!jwt.TryGetPayloadValue<string>("jti", out var jti) || !server.TryUseJti("dpop", jti, now + server.Options.ProofTolerance * 2))
        {
            return Bad("The DPoP proof's jti is missing or was used before.");
        }

        return new Verdict(Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()), null, false);
    }

    private static Verdict Bad(string error) => new(null, error, false);
}
