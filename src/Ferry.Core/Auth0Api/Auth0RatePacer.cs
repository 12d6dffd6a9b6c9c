namespace Ferry.Core.Auth0Api;

/// <summary>
/// Auth0's Management API limit as a token bucket seen from Ferry's side: <c>x-ratelimit-limit</c> is the bucket,
/// <c>x-ratelimit-remaining</c> what is left, <c>x-ratelimit-reset</c> (whole seconds) when it will be full again.
/// The refill rate is learned from those three: (limit − remaining) tokens come back by the reset, so at least
/// (limit − remaining − 1) / (reset − now + 1 s) a second (a token and a second taken off because remaining and the reset
/// are rounded to whole tokens and seconds, so the estimate never exceeds the true rate; the highest estimate seen is
/// kept). Each call takes a token: once the bucket is empty, the callers of one process go one at a time as tokens
/// come back, instead of all firing at the reset and walking into 429s. What an answer says is left caps the count
/// (other apps, other nodes). Pure arithmetic on a clock; one per <see cref="Auth0Client"/> (one per process).
/// </summary>
public sealed class Auth0RatePacer(TimeProvider time)
{
    /// <summary>A reset closer than this to now teaches nothing (the rounding would dominate the estimate).</summary>
    private const double MinSpanSeconds = 0.05;

    /// <summary>A token's worth within rounding counts as whole (a wait computed to reach it may fall a hair short).</summary>
    private const double Epsilon = 1e-6;

    /// <summary>What a remaining count of n may hide beyond n: less than the next whole token.</summary>
    private const double BelowNextToken = 0.999;

    /// <summary>The shortest wait handed out: one that rounds to nothing would have its caller spin.</summary>
    private const double MinWaitSeconds = 0.001;

    private readonly Lock _gate = new();
    private int? _limit;
    private double _tokens;
    private double? _perSecond;
    private DateTimeOffset _at;

    /// <summary>Tokens per second the bucket is known to refill at least, once an answer has shown it.</summary>
    public double? PerSecond
    {
        get
        {
            lock (_gate)
            {
                return _perSecond;
            }
        }
    }

    /// <summary>
    /// Takes a token for a call when the bucket has one (as far as Ferry knows); otherwise says how long until it should
    /// have one, for the caller to wait and ask again (the rate then applied is the latest learned).
    /// </summary>
    public bool TryTake(out TimeSpan wait)
    {
        lock (_gate)
        {
            wait = TimeSpan.Zero;
            if (_limit is null)
            {
                return true; // nothing known yet: the first answers teach the bucket
            }

            Refill(time.GetUtcNow());
            if (_tokens >= 1 - Epsilon)
            {
                _tokens -= 1;
                return true;
            }

            wait = TimeSpan.FromSeconds(Math.Max((1 - _tokens) / Rate, MinWaitSeconds));
            return false;
        }
    }

    /// <summary>
    /// Learns from an answer's headers (any of them may be missing). <paramref name="sentAt"/>: when its request was sent
    /// (the tenant counted it between then and now: the reset is measured from then, so an answer that took long
    /// cannot make the rate look faster). <paramref name="refused"/>: the answer was the rate limit's 429 (the bucket
    /// had not a whole token).
    /// </summary>
    public void Observe(int? limit, int? remaining, DateTimeOffset? reset, DateTimeOffset? sentAt = null, bool refused = false)
    {
        if (limit is not > 0 || remaining is not { } left)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_limit is null)
            {
                _limit = limit;
                _tokens = left;
                _at = now;
            }
            else
            {
                Refill(now);
                _limit = limit;
            }

            if (left < limit - 1 && reset is { } full && (full - (sentAt is { } sent && sent < now ? sent : now)).TotalSeconds + 1 is var span && span > MinSpanSeconds)
            {
                var estimate = (limit.Value - left - 1) / span;
                _perSecond = _perSecond is { } known && known > estimate ? known : estimate;
            }

            // The local count starts at what the tenant says, refills no faster than the tenant and spends each token
            // before the tenant sees the call, so alone it never runs ahead of the tenant. Others' calls (other apps,
            // other nodes) show as less left than counted: then the tenant's figure caps it. Remaining is rounded
            // down, so the tenant has less than a token more than it says; capping at the figure itself would throw
            // away half a token an answer on average and run well below the rate.
            _tokens = Math.Min(_tokens, refused ? 0 : left + BelowNextToken);
        }
    }

    /// <summary>The refill rate learned, or a tenth of the bucket a second until it is known: slower than any plan refills.</summary>
    private double Rate => _perSecond ?? (_limit!.Value / 10.0);

    private void Refill(DateTimeOffset now)
    {
        if (now > _at)
        {
            _tokens = Math.Min(_limit!.Value, _tokens + (Rate * (now - _at).TotalSeconds));
            _at = now;
        }
    }
}
