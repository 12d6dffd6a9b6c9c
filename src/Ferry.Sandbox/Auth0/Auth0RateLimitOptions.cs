using System.ComponentModel.DataAnnotations;

namespace Ferry.Sandbox.Auth0;

/// <summary>The tenant's Management API token bucket: <see cref="Limit"/> requests, refilled over <see cref="Window"/>.</summary>
public sealed class Auth0RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int Limit { get; set; } = 50;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
