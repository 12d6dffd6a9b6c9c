using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Sandbox.OAuth;

/// <summary>
/// Checks only that a JWT is signed by a key (and, when given, of a <c>typ</c>): the token endpoint and the DPoP check
/// each verify the claims themselves, with the error Okta gives for each.
/// </summary>
internal static class JwtSignature
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static async Task<bool> IsSignedByAsync(string token, SecurityKey key, string? type = null)
    {
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,
            ValidTypes = type is null ? null : [type],
        });
        return result.IsValid;
    }
}
