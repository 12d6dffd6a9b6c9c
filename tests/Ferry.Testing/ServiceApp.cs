using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Testing;

/// <summary>
/// An Okta API service app for tests: a fresh key pair (RSA 2048 or EC P-256) in PEM and JWK forms, and the settings
/// that register it with the sandbox (<c>Sandbox:OAuth:Apps:*</c>) and point Ferry at it (<c>Okta:*</c>, PrivateKey mode).
/// </summary>
public sealed class ServiceApp : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private ServiceApp(AsymmetricAlgorithm key, string clientId, string keyId)
    {
        _key = key;
        ClientId = clientId;
        KeyId = keyId;
    }

    public string ClientId { get; }

    public string KeyId { get; }

    public bool IsEc => _key is ECDsa;

    /// <summary>PKCS#8 <c>-----BEGIN PRIVATE KEY-----</c>.</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>PKCS#1 <c>-----BEGIN RSA PRIVATE KEY-----</c> or SEC1 <c>-----BEGIN EC PRIVATE KEY-----</c>.</summary>
    public string TraditionalPrivateKeyPem => _key is RSA rsa ? rsa.ExportRSAPrivateKeyPem() : ((ECDsa)_key).ExportECPrivateKeyPem();

    /// <summary>The base64 body of <see cref="PrivateKeyPem"/>: what a leak scan looks for.</summary>
    public string PrivateKeyBase64 => Convert.ToBase64String(_key.ExportPkcs8PrivateKey());

    /// <summary>Signs as the app does (RS256 or ES256, <c>kid</c> = <see cref="KeyId"/>).</summary>
    public SigningCredentials SigningCredentials => _key is RSA rsa
        ? new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256)
        : new SigningCredentials(new ECDsaSecurityKey((ECDsa)_key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string PrivateJwk => Jwk(includePrivate: true);

    public string PublicJwk => Jwk(includePrivate: false);

    public static ServiceApp Rsa(string clientId = "0oaFerryTestApp", string keyId = "ferry-test-key") => new(RSA.Create(2048), clientId, keyId);

    public static ServiceApp Ec(string clientId = "0oaFerryTestApp", string keyId = "ferry-test-key") => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), clientId, keyId);

    /// <summary>Registers the app with the sandbox, granted <paramref name="scopes"/>.</summary>
    public Dictionary<string, string?> SandboxSettings(string scopes = "okta.users.manage okta.groups.manage", bool requireDPoP = false, string? publicKey = null) => new()
    {
        [$"Sandbox:OAuth:Apps:{ClientId}:PublicKey"] = publicKey ?? PublicKeyPem,
        [$"Sandbox:OAuth:Apps:{ClientId}:KeyId"] = KeyId,
        [$"Sandbox:OAuth:Apps:{ClientId}:Scopes"] = scopes,
        [$"Sandbox:OAuth:Apps:{ClientId}:RequireDPoP"] = requireDPoP ? "true" : "false",
    };

    /// <summary>Ferry in PrivateKey mode with this app (the API token unset), asking for <paramref name="scopes"/> (null: Ferry's default).</summary>
    public Dictionary<string, string?> FerrySettings(string? privateKey = null, string? scopes = null) => new()
    {
        ["Okta:AuthorizationMode"] = "PrivateKey",
        ["Okta:ApiToken"] = null,
        ["Okta:ClientId"] = ClientId,
        ["Okta:KeyId"] = KeyId,
        ["Okta:PrivateKey"] = privateKey ?? PrivateKeyPem,
        ["Okta:Scopes"] = scopes,
    };

    public void Dispose() => _key.Dispose();

    private string Jwk(bool includePrivate)
    {
        var fields = new Dictionary<string, string> { ["kid"] = KeyId };
        if (_key is RSA rsa)
        {
            var p = rsa.ExportParameters(includePrivate);
            fields["kty"] = "RSA";
            fields["n"] = Base64UrlEncoder.Encode(p.Modulus);
            fields["e"] = Base64UrlEncoder.Encode(p.Exponent);
            if (includePrivate)
            {
                fields["d"] = Base64UrlEncoder.Encode(p.D);
                fields["p"] = Base64UrlEncoder.Encode(p.P);
                fields["q"] = Base64UrlEncoder.Encode(p.Q);
                fields["dp"] = Base64UrlEncoder.Encode(p.DP);
                fields["dq"] = Base64UrlEncoder.Encode(p.DQ);
                fields["qi"] = Base64UrlEncoder.Encode(p.InverseQ);
            }
        }
        else
        {
            var p = ((ECDsa)_key).ExportParameters(includePrivate);
            fields["kty"] = "EC";
            fields["crv"] = "P-256";
            fields["x"] = Base64UrlEncoder.Encode(p.Q.X);
            fields["y"] = Base64UrlEncoder.Encode(p.Q.Y);
            if (includePrivate)
            {
                fields["d"] = Base64UrlEncoder.Encode(p.D);
            }
        }

        return JsonSerializer.Serialize(fields);
    }
}
