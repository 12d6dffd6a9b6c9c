using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Sandbox.OAuth;

/// <summary>Reads a service app's public key from PEM (public or private) or JWK JSON.</summary>
public static class PublicKeys
{
    /// <summary>The key, or null when the text is neither.</summary>
    public static SecurityKey? TryRead(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                var jwk = new JsonWebKey(trimmed);
                return jwk.Kty switch
                {
                    "RSA" => new RsaSecurityKey(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E) }),
                    "EC" => new ECDsaSecurityKey(ECDsa.Create(new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                    })),
                    _ => null,
                };
            }

            if (!trimmed.Contains("EC ", StringComparison.Ordinal))
            {
                try
                {
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(trimmed);
                    return new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false));
                }
                catch (CryptographicException)
                {
                    // not RSA: try EC
                }
            }

            using var ec = ECDsa.Create();
            ec.ImportFromPem(trimmed);
            return new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(includePrivateParameters: false)));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
