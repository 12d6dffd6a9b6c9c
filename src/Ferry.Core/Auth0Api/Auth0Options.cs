using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.Auth0Api;

/// <summary>
/// The Auth0 tenant Ferry imports into (<c>Auth0:*</c> configuration keys, see docs/configuration.md): its domain, a
/// machine-to-machine application's client credentials (granted <c>create:users</c>, <c>read:users</c>,
/// <c>read:connections</c> on the Management API) and the default database connection. Optional: only jobs with
/// <c>target=auth0</c> need it.
/// </summary>
public sealed class Auth0Options
{
    public const string SectionName = "Auth0";

    /// <summary>The tenant's domain, e.g. <c>acme.eu.auth0.com</c> or <c>https://acme.eu.auth0.com</c> (http only on loopback).</summary>
    public string? Domain { get; set; }

    /// <summary>The machine-to-machine application's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its client secret. Never logged, never stored in state, history or reports.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Management API audience; default <c>https://{domain}/api/v2/</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The database connection a job imports into when it names none (id <c>con_…</c> or name).</summary>
    public string? Connection { get; set; }

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (5xx, 408, timeout, dropped connection) after the first attempt.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones double.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many rate-limit 429s one call absorbs, each time waiting until <c>x-ratelimit-reset</c>.</summary>
    [Range(0, 100)]
    public int MaxThrottledRetries { get; set; } = 10;

    /// <summary>Whether the tenant is configured (a domain is set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Domain);

    /// <summary>The tenant's base URL: the domain with https added when it has no scheme; null when not a valid URL.</summary>
    public Uri? BaseUrl => BaseUrlOf(Domain);

    /// <summary>The audience the token is asked for (empty while no tenant is configured).</summary>
    public string EffectiveAudience => !string.IsNullOrWhiteSpace(Audience) ? Audience : BaseUrl is { } url ? new Uri(url, "api/v2/").ToString() : string.Empty;

    /// <summary>The tenant's key (its host and port): what the import-slots entity is keyed by.</summary>
    public string Tenant => BaseUrl?.Authority ?? "auth0";

    public static Uri? BaseUrlOf(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        var text = domain.Contains("://", StringComparison.Ordinal) ? domain.Trim() : $"https://{domain.Trim()}";
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url))
        {
            return null;
        }

        return url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback) ? url : null;
    }
}
