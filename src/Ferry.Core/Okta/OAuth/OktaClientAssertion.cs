using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// The <c>private_key_jwt</c> client assertion: a JWT signed with the service app's key (RS256 or ES256), valid for
/// <see cref="Lifetime"/>, with <c>iss</c> = <c>sub</c> = the client id, <c>aud</c> = the org's token endpoint and a
/// fresh <c>jti</c> (Okta refuses a replayed one). Each token request gets a new one; none is kept or logged.
/// </summary>
public sealed class OktaClientAssertion(OktaSigningKey key, string clientId, Uri tokenEndpoint, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>How long an assertion is valid (Okta accepts at most one hour).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Create()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint.AbsoluteUri,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)),
            },
            SigningCredentials = new SigningCredentials(key.Key, key.Algorithm),
        });
    }
}
