using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Okta;

/// <summary>The Okta org Ferry talks to (<c>Okta:*</c> configuration keys, see docs/configuration.md).</summary>
public sealed class OktaOptions
{
    public const string SectionName = "Okta";

    /// <summary>The org's base URL, e.g. <c>https://acme.okta.com</c>; https except on loopback.</summary>
    [Required]
    public Uri? OrgUrl { get; set; }

    /// <summary>
    /// <c>SSWS</c> (an API token) or <c>PrivateKey</c> (an OAuth 2.0 service app, see docs/okta-auth.md). When unset it
    /// is inferred: <see cref="ApiToken"/> set → SSWS, <see cref="ClientId"/> set → PrivateKey.
    /// </summary>
    public OktaAuthorizationMode? AuthorizationMode { get; set; }

    /// <summary>An SSWS API token (SSWS mode only). Never logged, never stored in state or reports.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The service app's client id (PrivateKey mode).</summary>
    public string? ClientId { get; set; }

    /// <summary>The service app's private key as PEM or JWK JSON text (PrivateKey mode; or <see cref="PrivateKeyFile"/>). Never logged.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the private key, PEM or JWK JSON (PrivateKey mode; or <see cref="PrivateKey"/>).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The key id (<c>kid</c>) Okta shows for the app's public key; sent in the client assertion's header.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The scopes asked for, space-separated; when unset, those every job kind needs (<see cref="OAuth.OktaScopes.Default"/>).
    /// </summary>
    public string? Scopes { get; set; }

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a transient failure (5xx, 408, timeout, dropped connection) after the first attempt.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the circuit stays open after most recent calls failed.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many 429s one call absorbs (each time waiting as the budget says) before it reports Throttled.</summary>
    [Range(0, 1000)]
    public int MaxThrottledRetries { get; set; } = 20;

    /// <summary>The mode in effect: <see cref="AuthorizationMode"/>, else inferred from which credential is set (null when neither or both are).</summary>
    public OktaAuthorizationMode? EffectiveAuthorizationMode =>
        AuthorizationMode ?? (string.IsNullOrEmpty(ApiToken), string.IsNullOrEmpty(ClientId)) switch
        {
            (false, true) => OktaAuthorizationMode.Ssws,
            (true, false) => OktaAuthorizationMode.PrivateKey,
            _ => null,
        };

    /// <summary>Whether <paramref name="url"/> is acceptable as an org URL: https, or http on a loopback address.</summary>
    public static bool IsAcceptableOrgUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
