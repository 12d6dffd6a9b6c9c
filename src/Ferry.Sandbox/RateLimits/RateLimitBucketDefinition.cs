namespace Ferry.Sandbox.RateLimits;

/// <summary>One of Okta's per-endpoint rate-limit buckets and its published Enterprise per-minute limit.</summary>
public sealed record RateLimitBucketDefinition(string Name, string Endpoints, int EnterpriseLimitPerMinute);
