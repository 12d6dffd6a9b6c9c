namespace Ferry.Sandbox.OAuth;

/// <summary>
/// The org authorization server's token endpoint (<c>POST /oauth2/v1/token</c>) and the OAuth 2.0 service apps it
/// knows, bound from <c>Sandbox:OAuth</c>. See docs/sandbox.md.
/// </summary>
public sealed class OAuthOptions
{
    /// <summary>Lifetime of an issued access token (<c>expires_in</c>); Okta's is one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest a client assertion may be valid (<c>exp</c> − <c>iat</c>); Okta's limit is one hour.</summary>
    public TimeSpan MaxAssertionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far a DPoP proof's <c>iat</c> may be from the sandbox's clock.</summary>
    public TimeSpan ProofTolerance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a DPoP nonce the sandbox handed out is accepted.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The service apps, by client id.</summary>
    public Dictionary<string, ServiceAppOptions> Apps { get; set; } = new(StringComparer.Ordinal);
}
