namespace Ferry.Sandbox.RateLimits;

/// <summary>
/// One bucket's fixed window. As at Okta, a window opens with the first request after the previous one ended
/// (windows are not aligned to the clock minute) and <c>Reset</c> is the end of the current window.
/// Other apps' use of the same bucket (<see cref="BackgroundShare"/>) is spread evenly through the window.
/// </summary>
public sealed class RateLimitBucket(RateLimitBucketDefinition definition, int limit, TimeSpan window, double backgroundShare)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _windowStart;
    private int _used;
    private long _requests;
    private long _throttled;

    public RateLimitBucketDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    public int Limit { get; } = limit;

    public TimeSpan Window { get; } = window;

    public double BackgroundShare { get; } = backgroundShare;

    public RateLimitDecision TryAcquire(DateTimeOffset now)
    {
        lock (_lock)
        {
            _requests++;
            var start = CurrentWindowStart(now);
            var used = _used + Background(start, now);
            var resetAt = start + Window;
            if (used >= Limit)
            {
                _throttled++;
                return new RateLimitDecision(false, Limit, 0, resetAt);
            }

            _used++;
            return new RateLimitDecision(true, Limit, Math.Max(0, Limit - used - 1), resetAt);
        }
    }

    /// <summary>Headers for a request rejected before it reached this bucket (e.g. a spurious 429).</summary>
    public RateLimitDecision Peek(DateTimeOffset now)
    {
        lock (_lock)
        {
            var active = _windowStart is { } s && now < s + Window;
            var start = active ? _windowStart!.Value : now;
            var used = (active ? _used : 0) + Background(start, now);
            return new RateLimitDecision(used < Limit, Limit, Math.Max(0, Limit - used), start + Window);
        }
    }

    public RateLimitBucketSnapshot Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            var inWindow = _windowStart is { } s && now < s + Window;
            var used = inWindow ? _used + Background(_windowStart!.Value, now) : 0;
            return new RateLimitBucketSnapshot(
                Name,
                Limit,
                Math.Max(0, Limit - used),
                inWindow ? _windowStart!.Value + Window : null,
                _requests,
                _throttled);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _windowStart = null;
            _used = 0;
            _requests = 0;
            _throttled = 0;
        }
    }

    private DateTimeOffset CurrentWindowStart(DateTimeOffset now)
    {
        if (_windowStart is not { } start || now >= start + Window)
        {
            _windowStart = now;
            _used = 0;
        }

        return _windowStart.Value;
    }

    private int Background(DateTimeOffset windowStart, DateTimeOffset now)
    {
        if (BackgroundShare <= 0)
        {
            return 0;
        }

        var elapsed = Math.Clamp((now - windowStart) / Window, 0, 1);
        return (int)Math.Floor(BackgroundShare * Limit * elapsed);
    }
}
