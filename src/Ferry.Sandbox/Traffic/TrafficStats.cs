namespace Ferry.Sandbox.Traffic;

/// <summary>Request counters for <c>GET /sandbox/stats</c>; lock-free, updated on every <c>/api/v1</c> request.</summary>
public sealed class TrafficStats
{
    private long _requests;
    private long _throttled;
    private long _concurrencyThrottled;
    private long _serverErrors;
    private long _resets;
    private long _slowResponses;
    private long _unauthorized;
    private long _forbidden;
    private int _inFlight;
    private int _maxConcurrent;

    public long Requests => Interlocked.Read(ref _requests);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long ConcurrencyThrottled => Interlocked.Read(ref _concurrencyThrottled);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long Resets => Interlocked.Read(ref _resets);

    public long SlowResponses => Interlocked.Read(ref _slowResponses);

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    /// <summary>403s for an access token without the endpoint's scope.</summary>
    public long Forbidden => Interlocked.Read(ref _forbidden);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountThrottled() => Interlocked.Increment(ref _throttled);

    public void CountServerError() => Interlocked.Increment(ref _serverErrors);

    public void CountReset() => Interlocked.Increment(ref _resets);

    public void CountSlow() => Interlocked.Increment(ref _slowResponses);

    public void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    public void CountForbidden() => Interlocked.Increment(ref _forbidden);

    /// <summary>Admits a request if fewer than <paramref name="limit"/> are in flight; the caller must <see cref="Leave"/>.</summary>
    public bool TryEnter(int limit)
    {
        var now = Interlocked.Increment(ref _inFlight);
        if (now > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _concurrencyThrottled);
            Interlocked.Increment(ref _throttled);
            return false;
        }

        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        return true;
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _concurrencyThrottled, 0);
        Interlocked.Exchange(ref _serverErrors, 0);
        Interlocked.Exchange(ref _resets, 0);
        Interlocked.Exchange(ref _slowResponses, 0);
        Interlocked.Exchange(ref _unauthorized, 0);
        Interlocked.Exchange(ref _forbidden, 0);
        Interlocked.Exchange(ref _maxConcurrent, Volatile.Read(ref _inFlight));
    }
}
