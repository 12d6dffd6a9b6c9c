using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Hosting;

/// <summary>The silo (<c>Orleans:*</c>): one node on localhost by default, a cluster over Redis when asked.</summary>
public sealed class OrleansHostOptions
{
    public const string SectionName = "Orleans";

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "ferry";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "ferry";

    /// <summary><c>Localhost</c> (one node) or <c>Redis</c> (a cluster; needs <c>ConnectionStrings:Redis</c>).</summary>
    public string Clustering { get; set; } = "Localhost";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public bool IsRedis => string.Equals(Clustering, "Redis", StringComparison.OrdinalIgnoreCase);
}
