namespace Ferry.Sandbox.RateLimits;

/// <summary>
/// One window of a bucket, for <c>GET /sandbox/stats</c>: when it opened, the requests clients sent that it admitted,
/// what other apps (<c>Sandbox:RateLimit:BackgroundShare</c>) used of it by its end (or by now, while it lasts), and the
/// requests it answered 429.
/// </summary>
public sealed record RateLimitWindow(DateTimeOffset Start, int Used, int Others, int Throttled);
