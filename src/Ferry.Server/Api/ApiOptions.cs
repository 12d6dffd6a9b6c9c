namespace Ferry.Server.Api;

/// <summary>The management API's authentication (<c>Ferry:Api:*</c>), modelled on function keys.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Ferry:Api";

    /// <summary>Accepted keys, as <c>x-ferry-key</c> header or <c>code</c> query parameter. Also readable as one comma-separated string.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>No key needed. For the local demo only: logged as a warning at start.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The keys, whether configured as a list (<c>Ferry:Api:Keys:0</c>) or one string (<c>Ferry:Api:Keys=a,b</c>).</summary>
    public IReadOnlyList<string> EffectiveKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new List<string>(Keys.Where(k => !string.IsNullOrWhiteSpace(k)));
        if (configuration[$"{SectionName}:Keys"] is { Length: > 0 } joined)
        {
            keys.AddRange(joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return keys.Distinct(StringComparer.Ordinal).ToList();
    }
}
