namespace Ferry.Sandbox.Auth0;

/// <summary>
/// One request's turn at the tenant's token bucket: what goes in the <c>x-ratelimit-*</c> headers and, when refused,
/// how long until a token is back (<c>retry-after</c>).
/// </summary>
public readonly record struct Auth0RateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter);
