using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Okta;

/// <summary>The Okta org Ferry talks to (<c>Okta:*</c> configuration keys, see docs/configuration.md).</summary>
public sealed class OktaOptions
{
    public const string SectionName = "Okta";

    /// <summary>The org's base URL, e.g. <c>https://acme.okta.com</c>; https except on loopback.</summary>
    [Required]
    public Uri? OrgUrl { get; set; }

    /// <summary>An SSWS API token. Never logged, never stored in state or reports.</summary>
    [Required(AllowEmptyStrings = false)]
    public string? ApiToken { get; set; }

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

    /// <summary>Whether <paramref name="url"/> is acceptable as an org URL: https, or http on a loopback address.</summary>
    public static bool IsAcceptableOrgUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
