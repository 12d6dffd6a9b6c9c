using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// DPoP proofs (RFC 9449) signed with a key pair made for this process (EC P-256, ES256): its public part travels in
/// every proof's <c>jwk</c> header, so the access tokens Okta issues are bound to it (<c>cnf.jkt</c>) and useless
/// elsewhere. Claims: <c>htm</c>, <c>htu</c> (no query), <c>iat</c>, <c>jti</c>, the server's latest <c>nonce</c> and,
/// for API calls, <c>ath</c> (the access token's SHA-256). Proofs are never kept or logged.
/// </summary>
public sealed class DPoPProofs(TimeProvider time) : IDisposable
{
    public const string Header = "DPoP";
    public const string NonceHeader = "DPoP-Nonce";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private Dictionary<string, object>? _jwk;

    /// <summary>A proof for <paramref name="method"/> <paramref name="uri"/>; with <paramref name="accessToken"/>, its <c>ath</c>.</summary>
    public string Create(HttpMethod method, Uri uri, string? nonce, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        var claims = new Dictionary<string, object>
        {
            ["htm"] = method.Method,
            ["htu"] = uri.GetLeftPart(UriPartial.Path),
            [JwtRegisteredClaimNames.Iat] = time.GetUtcNow().ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = Ath(accessToken);
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            Claims = claims,
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = PublicJwk() },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>base64url(SHA-256(ASCII(token))), the <c>ath</c> claim.</summary>
    public static string Ath(string accessToken) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    public void Dispose() => _key.Dispose();

    private Dictionary<string, object> PublicJwk()
    {
        if (_jwk is null)
        {
            var q = _key.ExportParameters(includePrivateParameters: false).Q;
            _jwk = new Dictionary<string, object>
            {
                ["kty"] = "EC",
                ["crv"] = "P-256",
                ["x"] = Base64UrlEncoder.Encode(q.X),
                ["y"] = Base64UrlEncoder.Encode(q.Y),
            };
        }

        return _jwk;
    }
}
