namespace Ferry.Sandbox.RateLimits;

/// <summary>A bucket's counters for <c>GET /sandbox/stats</c>.</summary>
public sealed record RateLimitBucketSnapshot(
    string Name,
    int Limit,
    int Remaining,
    DateTimeOffset? ResetAt,
    long Requests,
    long Throttled,
    IReadOnlyList<RateLimitWindow> Windows);
