namespace Ferry.Sandbox.RateLimits;

/// <summary>What a bucket says about one request: admitted or not, and the values of the X-Rate-Limit-* headers.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt);
