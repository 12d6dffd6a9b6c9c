namespace Ferry.Sandbox.OAuth;

/// <summary>One API service app (<c>Sandbox:OAuth:Apps:{clientId}:*</c>): its public key, its granted scopes, DPoP.</summary>
public sealed class ServiceAppOptions
{
    /// <summary>The app's public key as PEM or JWK JSON (a private key is accepted too: only its public part is used).</summary>
    public string? PublicKey { get; set; }

    /// <summary>The key id the app's key is registered under; when set, an assertion's <c>kid</c> must match it.</summary>
    public string? KeyId { get; set; }

    /// <summary>The scopes granted to the app, space-separated (e.g. <c>okta.users.manage okta.groups.manage</c>).</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>Whether the app requires DPoP-bound access tokens (Okta's "Require Demonstrating Proof of Possession").</summary>
    public bool RequireDPoP { get; set; }
}
