using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.RateLimits;

/// <summary>Every bucket of the org, sized from <see cref="RateLimitOptions"/>, clocked by an injected <see cref="TimeProvider"/>.</summary>
public sealed class RateLimiter
{
    private readonly Dictionary<string, RateLimitBucket> _buckets;

    public RateLimiter(IOptions<SandboxOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Time = time;
        var rateLimit = options.Value.RateLimit;
        _buckets = RateLimitCatalog.All.ToDictionary(
            d => d.Name,
            d => new RateLimitBucket(d, EffectiveLimit(rateLimit, d), rateLimit.Window, rateLimit.BackgroundShare),
            StringComparer.OrdinalIgnoreCase);
    }

    public TimeProvider Time { get; }

    public IEnumerable<RateLimitBucket> Buckets => _buckets.Values;

    public RateLimitBucket this[RateLimitBucketDefinition definition] => _buckets[definition.Name];

    public static int EffectiveLimit(RateLimitOptions options, RateLimitBucketDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(definition);
        var perWindow = options.Limits.TryGetValue(definition.Name, out var configured)
            ? configured
            : definition.EnterpriseLimitPerMinute;
        return Math.Max(1, (int)Math.Round(perWindow * options.Multiplier, MidpointRounding.AwayFromZero));
    }

    public void Reset()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Reset();
        }
    }
}
