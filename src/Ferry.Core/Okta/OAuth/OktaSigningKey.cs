using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// The service app's private key, loaded from PEM (PKCS#8, PKCS#1 or SEC1) or a JWK (JSON with its private part):
/// RSA signs RS256, an EC P-256 key ES256. Load errors name the configuration key, never the key's text.
/// </summary>
public sealed class OktaSigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _algorithm;

    private OktaSigningKey(AsymmetricAlgorithm algorithm, SecurityKey key, string signingAlgorithm)
    {
        _algorithm = algorithm;
        Key = key;
        Algorithm = signingAlgorithm;
    }

    public SecurityKey Key { get; }

    /// <summary><c>RS256</c> or <c>ES256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The key from <c>Okta:PrivateKey</c> (text) or <c>Okta:PrivateKeyFile</c> (a path), or why it cannot be used.</summary>
    public static OktaSigningKey? TryLoad(OktaOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        string source;
        string text;
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            (source, text) = ("Okta:PrivateKey", options.PrivateKey);
        }
        else if (!string.IsNullOrWhiteSpace(options.PrivateKeyFile))
        {
            source = "Okta:PrivateKeyFile";
            try
            {
                text = File.ReadAllText(options.PrivateKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                error = $"Okta:PrivateKeyFile cannot be read ({e.GetType().Name}: {e.Message})";
                return null;
            }
        }
        else
        {
            error = "Okta:PrivateKey or Okta:PrivateKeyFile is required when Okta:AuthorizationMode is PrivateKey";
            return null;
        }

        var key = TryParse(text, out var problem);
        error = key is null ? $"{source} {problem}" : null;
        return key;
    }

    /// <summary>A key from PEM or JWK text; <paramref name="problem"/> says why not (without the text).</summary>
    public static OktaSigningKey? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.Contains('\n', StringComparison.Ordinal) && trimmed.Contains("\\n", StringComparison.Ordinal))
        {
            trimmed = trimmed.Replace("\\n", "\n", StringComparison.Ordinal); // a PEM pasted into one line with \n escapes
        }

        try
        {
            var key = trimmed.StartsWith('{') ? FromJwk(trimmed, out problem) : FromPem(trimmed, out problem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException or ArgumentException)
        {
            problem = $"cannot be loaded as a private key ({e.GetType().Name})";
            return null;
        }
    }

    public void Dispose() => _algorithm.Dispose();

    private static OktaSigningKey? FromPem(string pem, out string? problem)
    {
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            problem = "is an encrypted PEM key; give the key unencrypted (keep it in Key Vault or a protected file)";
            return null;
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            problem = "is neither a PEM private key (-----BEGIN PRIVATE KEY-----) nor a JWK with its private part";
            return null;
        }

        if (!pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
                return Rsa(rsa, null, out problem);
            }
            catch (CryptographicException) when (!pem.Contains("RSA PRIVATE KEY", StringComparison.Ordinal))
            {
                rsa.Dispose(); // a PKCS#8 key that is not RSA: try EC
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return Ec(ec, null, out problem);
        }
        catch
        {
            ec.Dispose();
            throw;
        }
    }

    private static OktaSigningKey? FromJwk(string json, out string? problem)
    {
        var jwk = new JsonWebKey(json);
        if (string.IsNullOrEmpty(jwk.D))
        {
            problem = "is a JWK without its private part (\"d\"): give the private key, not the public one";
            return null;
        }

        switch (jwk.Kty)
        {
            case "RSA":
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportParameters(new RSAParameters
                    {
                        Modulus = Base64UrlEncoder.DecodeBytes(jwk.N),
                        Exponent = Base64UrlEncoder.DecodeBytes(jwk.E),
                        D = Base64UrlEncoder.DecodeBytes(jwk.D),
                        P = Base64UrlEncoder.DecodeBytes(jwk.P),
                        Q = Base64UrlEncoder.DecodeBytes(jwk.Q),
                        DP = Base64UrlEncoder.DecodeBytes(jwk.DP),
                        DQ = Base64UrlEncoder.DecodeBytes(jwk.DQ),
                        InverseQ = Base64UrlEncoder.DecodeBytes(jwk.QI),
                    });
                    return Rsa(rsa, jwk.Kid, out problem);
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }

            case "EC" when jwk.Crv == "P-256":
                var ec = ECDsa.Create();
                try
                {
                    ec.ImportParameters(new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                        D = Base64UrlEncoder.DecodeBytes(jwk.D),
                    });
                    return Ec(ec, jwk.Kid, out problem);
                }
                catch
                {
                    ec.Dispose();
                    throw;
                }

            default:
                problem = $"is a JWK of type '{jwk.Kty}' {(jwk.Kty == "EC" ? $"on curve '{jwk.Crv}' " : string.Empty)}: Ferry signs with RSA (RS256) or EC P-256 (ES256)";
                return null;
        }
    }

    private static OktaSigningKey? Rsa(RSA rsa, string? kid, out string? problem)
    {
        if (rsa.KeySize < 2048)
        {
            rsa.Dispose();
            problem = "is an RSA key shorter than 2048 bits (Okta requires at least 2048)";
            return null;
        }

        problem = null;
        return new OktaSigningKey(rsa, new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);
    }

    private static OktaSigningKey? Ec(ECDsa ec, string? kid, out string? problem)
    {
        if (ec.KeySize != 256)
        {
            ec.Dispose();
            problem = $"is an EC key on a {ec.KeySize}-bit curve: Ferry signs ES256 (P-256) only";
            return null;
        }

        problem = null;
        return new OktaSigningKey(ec, new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);
    }
}
