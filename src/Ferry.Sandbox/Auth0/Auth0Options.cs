using System.ComponentModel.DataAnnotations;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The Auth0 tenant the sandbox plays beside the Okta org, bound from <c>Sandbox:Auth0</c>. See docs/sandbox.md.
/// </summary>
public sealed class Auth0Options
{
    /// <summary>The client id accepted by <c>POST /oauth/token</c> when none is configured; printed at start.</summary>
    public const string DevelopmentClientId = "ferry-sandbox";

    /// <summary>The client secret accepted when none is configured; printed at start.</summary>
    public const string DevelopmentClientSecret = "ferry-sandbox-development-secret-not-a-secret";

    /// <summary>The seeded database connection's id when none is configured.</summary>
    public const string DefaultConnectionId = "con_FerrySandbox0001";

    [Required(AllowEmptyStrings = false)]
    public string ClientId { get; set; } = DevelopmentClientId;

    [Required(AllowEmptyStrings = false)]
    public string ClientSecret { get; set; } = DevelopmentClientSecret;

    /// <summary>Lifetime of an issued access token (<c>expires_in</c>); Auth0's default is 24 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Id of the seeded database connection: <c>con_</c> and 16 letters or digits.</summary>
    [RegularExpression("^con_[A-Za-z0-9]{16}$")]
    public string ConnectionId { get; set; } = DefaultConnectionId;

    [Required(AllowEmptyStrings = false)]
    public string ConnectionName { get; set; } = "Username-Password-Authentication";

    /// <summary>Names of further database connections (their ids are derived from the names).</summary>
    public List<string> AdditionalConnections { get; set; } = [];

    /// <summary>Largest <c>users</c> file an import accepts (Auth0: 500 KB).</summary>
    [Range(1, int.MaxValue)]
    public int MaxFileBytes { get; set; } = 512_000;

    /// <summary>Import jobs pending or processing at once per tenant before the next is answered 429 (Auth0: 2).</summary>
    [Range(1, 1000)]
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>How long a new job stays pending before it starts processing.</summary>
    public TimeSpan PendingDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Users a processing job imports per second.</summary>
    [Range(0.001, 1_000_000_000)]
    public double UsersPerSecond { get; set; } = 500;

    /// <summary>A job still active this long after it was created fails (Auth0: 2 hours).</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A job and its errors are deleted this long after it was created (Auth0: 24 hours).</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Port of the HTTPS listener on 127.0.0.1 (Auth0's SDK speaks only HTTPS); 0 turns it off.</summary>
    [Range(0, 65535)]
    public int HttpsPort { get; set; }

    /// <summary>
    /// Where the HTTPS listener's self-signed certificate is written as PEM (for <c>NODE_EXTRA_CA_CERTS</c>);
    /// empty means <c>ferry-sandbox-auth0-&lt;port&gt;.pem</c> in the temporary directory.
    /// </summary>
    public string CertificatePath { get; set; } = string.Empty;

    [Required]
    public Auth0RateLimitOptions RateLimit { get; set; } = new();

    [Required]
    public Auth0FaultOptions Faults { get; set; } = new();
}
