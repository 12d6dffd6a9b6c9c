using System.ComponentModel.DataAnnotations;
using Ferry.Sandbox.Auth0;
using Ferry.Sandbox.OAuth;

namespace Ferry.Sandbox;

/// <summary>
/// The sandbox's public configuration contract, bound from the <c>Sandbox</c> section
/// (so <c>--Sandbox:Concurrency=10</c> and <c>Sandbox__Concurrency=10</c> both work). See docs/sandbox.md.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The token the sandbox accepts when none is configured; printed at start.</summary>
    public const string DevelopmentApiToken = "00ferry-sandbox-development-token-not-a-secret";

    /// <summary>Token expected as <c>Authorization: SSWS &lt;token&gt;</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiToken { get; set; } = DevelopmentApiToken;

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Requests in flight at once before the org answers 429 (Okta Enterprise: 75).</summary>
    [Range(1, 1_000_000)]
    public int Concurrency { get; set; } = 75;

    [Required]
    public LatencyOptions Latency { get; set; } = new();

    [Required]
    public FaultOptions Faults { get; set; } = new();

    [Required]
    public ProfileOptions Profile { get; set; } = new();

    [Required]
    public ConsistencyOptions Consistency { get; set; } = new();

    /// <summary>The org authorization server's token endpoint and its service apps (<c>/oauth2/v1/token</c>).</summary>
    [Required]
    public OAuthOptions OAuth { get; set; } = new();

    /// <summary>The Auth0 tenant served beside the Okta org (<c>/oauth/token</c>, <c>/api/v2</c>).</summary>
    [Required]
    public Auth0Options Auth0 { get; set; } = new();
}

/// <summary>Okta's per-endpoint rate limits. Bucket names are listed in <see cref="RateLimits.RateLimitCatalog"/>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Length of one rate-limit window; Okta's is one minute, benchmarks compress it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Scales every bucket's limit (0.05 turns Okta's 600/min into 30/min).</summary>
    [Range(0.000001, 1_000_000)]
    public double Multiplier { get; set; } = 1.0;

    /// <summary>Per-bucket limit per window, overriding Okta's published Enterprise figure for that bucket.</summary>
    public Dictionary<string, int> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Share of every bucket consumed by other apps in the org, spread evenly through each window
    /// (0.25 = a quarter of the limit is gone by the end of the window whatever this client does).
    /// </summary>
    [Range(0.0, 1.0)]
    public double BackgroundShare { get; set; }
}

/// <summary>Added latency per request: uniformly distributed in [Mean - Jitter, Mean + Jitter].</summary>
public sealed class LatencyOptions
{
    public TimeSpan Mean { get; set; } = TimeSpan.Zero;

    public TimeSpan Jitter { get; set; } = TimeSpan.Zero;
}

/// <summary>Injected failures, drawn from one seeded random sequence in request arrival order.</summary>
public sealed class FaultOptions
{
    /// <summary>Fraction of requests answered 500, 502 or 503.</summary>
    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; set; }

    /// <summary>Fraction of requests whose connection is dropped without a response.</summary>
    [Range(0.0, 1.0)]
    public double ResetRate { get; set; }

    /// <summary>Fraction of requests delayed by <see cref="SlowDelay"/> on top of the normal latency.</summary>
    [Range(0.0, 1.0)]
    public double SlowRate { get; set; }

    /// <summary>How long a slow response stalls.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fraction of requests answered 429 although their bucket has room (a burst from another app).</summary>
    [Range(0.0, 1.0)]
    public double ThrottleRate { get; set; }

    /// <summary>Seed of the fault sequence, so a failing run can be replayed.</summary>
    public int Seed { get; set; } = 1;
}

/// <summary>The org's user profile schema beyond Okta's default attributes.</summary>
public sealed class ProfileOptions
{
    /// <summary>Custom profile attributes that exist in the org's schema (anything else is rejected as Okta does).</summary>
    public List<string> CustomAttributes { get; set; } = [];

    /// <summary>When true (Okta's default), <c>login</c> must be shaped like an email address.</summary>
    public bool LoginMustBeEmail { get; set; } = true;
}

/// <summary>Okta's eventual consistency: a user just created may not be readable yet.</summary>
public sealed class ConsistencyOptions
{
    /// <summary>For this long after a create, reads and searches do not see the new user (writes do).</summary>
    public TimeSpan ReadAfterCreateDelay { get; set; } = TimeSpan.Zero;
}
