namespace Ferry.Core.Okta;

/// <summary>HTTP requests sent to one bucket, and how many of them Okta answered 429.</summary>
public sealed record BucketCalls(long Requests, long Throttled);
