using System.ComponentModel.DataAnnotations;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The tenant's Management API token bucket: <see cref="Limit"/> requests, refilled over <see cref="Window"/>. The
/// default is a paid tenant's pace as Auth0 documents its plans (Free about 2 requests/s, paid production about 16/s,
/// non-production below 1/s): 5 requests/s sustained, bursts of 10.
/// </summary>
public sealed class Auth0RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int Limit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(2);
}
