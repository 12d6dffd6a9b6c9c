using Ferry.Core.RateLimiting;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// Okta's fixed window for one bucket, as documented (and as the sandbox implements it): a window opens with the first
/// request after the previous one ended; Reset is its end in whole epoch seconds rounded up; other apps may use part
/// of it. Used to drive the budget in a discrete-event simulation with a fake clock.
/// </summary>
internal sealed class OktaBucketModel(int limit, TimeSpan window, double otherAppsShare = 0)
{
    private DateTimeOffset? _start;
    private int _used;

    public int Requests { get; private set; }

    public int Throttled { get; private set; }

    public List<(DateTimeOffset WindowStart, int Used)> Windows { get; } = [];

    /// <summary>When the last request arrived.</summary>
    public DateTimeOffset LastArrival { get; private set; }

    /// <summary>Handles a request arriving at <paramref name="at"/>: admitted or 429, with Okta's headers.</summary>
    public (bool Allowed, RateLimitHeaders Headers) Arrive(DateTimeOffset at)
    {
        Requests++;
        LastArrival = at;
        if (_start is not { } start || at >= start + window)
        {
            if (_start is { } previous)
            {
                Windows.Add((previous, _used));
            }

            _start = start = at;
            _used = 0;
        }

        var others = (int)Math.Floor(otherAppsShare * limit * Math.Clamp((at - start) / window, 0, 1));
        var reset = DateTimeOffset.FromUnixTimeSeconds(((start + window).ToUnixTimeMilliseconds() + 999) / 1000);
        if (_used + others >= limit)
        {
            Throttled++;
            return (false, new RateLimitHeaders(limit, 0, reset));
        }

        _used++;
        return (true, new RateLimitHeaders(limit, limit - _used - others, reset));
    }

    public void Close()
    {
        if (_start is { } start)
        {
            Windows.Add((start, _used));
            _start = null;
        }
    }
}
