namespace Ferry.Server.ForwardedHeaders;

/// <summary>
/// The TLS proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> Ferry believes (<c>Ferry:ForwardedHeaders:*</c>).
/// None by default: the headers are then ignored, whoever sends them.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "Ferry:ForwardedHeaders";

    /// <summary>Proxy addresses (<c>10.0.0.4</c>), a list or one comma-separated string.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/24</c>), a list or one comma-separated string.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
