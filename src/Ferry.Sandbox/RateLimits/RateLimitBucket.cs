namespace Ferry.Sandbox.RateLimits;

/// <summary>
/// One bucket's fixed window. As at Okta, a window opens with the first request after the previous one ended
/// (windows are not aligned to the clock minute) and <c>Reset</c> is the end of the current window.
/// Other apps' use of the same bucket (<see cref="BackgroundShare"/>) is spread evenly through the window. The last
/// <see cref="WindowsKept"/> windows are kept with what clients and other apps used of each.
/// </summary>
public sealed class RateLimitBucket(RateLimitBucketDefinition definition, int limit, TimeSpan window, double backgroundShare)
{
    public const int WindowsKept = 100;

    private readonly Lock _lock = new();
    private readonly Queue<RateLimitWindow> _windows = new();
    private DateTimeOffset? _windowStart;
    private int _used;
    private int _windowThrottled;
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
                _windowThrottled++;
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
            var windows = _windows.ToList();
            if (_windowStart is { } start)
            {
                // The current window, as far as it has gone (or the last one, once over).
                windows.Add(Current(start, now));
            }

            return new RateLimitBucketSnapshot(
                Name,
                Limit,
                Math.Max(0, Limit - used),
                inWindow ? _windowStart!.Value + Window : null,
                _requests,
                _throttled,
                windows);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _windowStart = null;
            _used = 0;
            _windowThrottled = 0;
            _requests = 0;
            _throttled = 0;
            _windows.Clear();
        }
    }

    private DateTimeOffset CurrentWindowStart(DateTimeOffset now)
    {
        if (_windowStart is not { } start || now >= start + Window)
        {
            if (_windowStart is { } ended)
            {
                _windows.Enqueue(Current(ended, ended + Window));
                if (_windows.Count > WindowsKept)
                {
                    _windows.Dequeue();
                }
            }

            _windowStart = now;
            _used = 0;
            _windowThrottled = 0;
        }

        return _windowStart.Value;
    }

    private RateLimitWindow Current(DateTimeOffset start, DateTimeOffset now) =>
        new(start, _used, Background(start, now < start + Window ? now : start + Window), _windowThrottled);

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
