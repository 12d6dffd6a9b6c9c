using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The tenant's Management API rate limit as Auth0 describes it: a token bucket of <c>Limit</c> requests that refills
/// continuously at <c>Limit</c> per <c>Window</c>. <c>x-ratelimit-reset</c> is when the bucket will be full again.
/// </summary>
public sealed class Auth0RateLimiter
{
    private readonly Lock _lock = new();
    private readonly Auth0RateLimitOptions _options;
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private long _throttled;

    public Auth0RateLimiter(IOptions<SandboxOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Auth0.RateLimit;
        _time = time;
        _tokens = _options.Limit;
        _refilledAt = time.GetUtcNow();
    }

    public long Throttled => Interlocked.Read(ref _throttled);

    public Auth0RateDecision TryAcquire()
    {
        var now = _time.GetUtcNow();
        var limit = _options.Limit;
        var perSecond = limit / _options.Window.TotalSeconds;
        lock (_lock)
        {
            _tokens = Math.Min(limit, _tokens + (Math.Max(0, (now - _refilledAt).TotalSeconds) * perSecond));
            _refilledAt = now;
            var allowed = _tokens >= 1;
            if (allowed)
            {
                _tokens -= 1;
            }
            else
            {
                _throttled++;
            }

            var resetAt = now + TimeSpan.FromSeconds((limit - _tokens) / perSecond);
            var retryAfter = allowed ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / perSecond);
            return new Auth0RateDecision(allowed, limit, (int)Math.Floor(_tokens), resetAt, retryAfter);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _tokens = _options.Limit;
            _refilledAt = _time.GetUtcNow();
            Interlocked.Exchange(ref _throttled, 0);
        }
    }
}
