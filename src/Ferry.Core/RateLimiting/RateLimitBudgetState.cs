namespace Ferry.Core.RateLimiting;

/// <summary>
/// The budget arithmetic for one Okta bucket: pure, single-threaded, clocked by the times passed in. Hosted by
/// <see cref="InProcessRateLimitBudget"/> here and by a grain in the server, so every worker draws on one budget.
/// <list type="bullet">
/// <item>Learns the bucket's limit from the first response (one probe request goes alone).</item>
/// <item>Uses at most <see cref="RateLimitBudgetOptions.Share"/> of the limit per window, and no more than Okta's
/// Remaining minus what other apps are on course to use in the rest of the window (from how fast Remaining falls
/// beyond Ferry's own requests), so it slows down when other apps are busy and never drives them into 429s.</item>
/// <item>Paces grants evenly through what is left of the window instead of bursting: each lease is for the next
/// free slot (<see cref="BudgetLease.GrantedAt"/>, possibly a little ahead), so waiting callers need not ask again.</item>
/// <item>Keeps at most <see cref="RateLimitBudgetOptions.Concurrency"/> requests in flight, halving that after a
/// concurrency 429 and growing back by one every 20 answers.</item>
/// <item>After a 429 waits for Reset; a window is over at the earliest of Reset and the first response + the window length.</item>
/// </list>
/// </summary>
public sealed class RateLimitBudgetState(string bucket, RateLimitBudgetOptions options)
{
    private const int AnswersPerConcurrencyStep = 20;

    private readonly RateLimitBudgetOptions _options = options;
    private TimeSpan _window = options.Window;
    private int? _limit;
    private long _epoch;
    private DateTimeOffset? _epochStart;
    private DateTimeOffset? _previousEpochStart;
    private DateTimeOffset? _windowEnd;
    private DateTimeOffset? _serverReset;
    private DateTimeOffset? _previousServerReset;
    private int? _minRemaining;
    private int _grantedInEpoch;
    private int _carriedIn;
    // Leases granted and not given back (nor expired), by id: what is in flight, and in which window it was granted.
    private readonly Dictionary<long, (DateTimeOffset Expires, long Epoch)> _outstanding = [];
    private DateTimeOffset _lastSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int _cap = options.Concurrency;
    private int _answersSinceCapChange;
    private bool _probing;
    private TimeSpan _roundTrip;
    private long _granted;
    private long _throttled;
    private long _concurrencyThrottled;
    private long _noResponse;

    public string Bucket { get; } = bucket;

    public BudgetDecision TryAcquire(DateTimeOffset now)
    {
        ExpireLeases(now);
        if (now < _blockedUntil)
        {
            return BudgetDecision.Wait(_blockedUntil, "waiting for the rate-limit reset");
        }

        if (_outstanding.Count >= _cap)
        {
            return BudgetDecision.Wait(now + _options.PollInterval, "at the concurrency cap");
        }

        if (_epoch == 0 || now >= WindowEnd())
        {
            StartEpoch(now);
        }

        if (_limit is not { } limit)
        {
            if (_probing)
            {
                return BudgetDecision.Wait(now + _options.PollInterval, "learning the limit");
            }

            _probing = true;
            return Grant(now);
        }

        var quota = Quota(limit);
        var allowance = quota - _grantedInEpoch - _carriedIn;
        var end = WindowEnd();
        if (_minRemaining is { } remaining)
        {
            allowance = Math.Min(allowance, remaining - InFlightInEpoch() - OthersProjectedNeed(limit, remaining, now, end));
        }

        // A request sent later than a round trip before the end could reach Okta after the window closed and open
        // the next one early, out of step with this budget. The margin is at most half a window: only answers bring
        // the round-trip estimate down, so one answer slower than a window (a stalled response) must not stop every
        // later grant.
        var lastSend = end - (_roundTrip < _window / 2 ? _roundTrip : _window / 2);
        if (allowance <= 0 || now >= lastSend)
        {
            return BudgetDecision.Wait(end, "this window's share is used");
        }

        // Pacing by reservation: what the window still allows is spread evenly from the last slot handed out to the
        // window's last send; the lease is for the next slot, which may be a little ahead, and its holder waits for it
        // without asking again (in flight counts reserved slots too). Evaluated afresh at every grant, so the pace
        // follows what Okta reports (a shorter window, other apps slowing down or speeding up).
        var paced = _grantedInEpoch == 0 ? now : _lastSlot + ((lastSend - _lastSlot) / allowance);
        var at = now > paced ? now : paced;
        if (at >= lastSend)
        {
            return BudgetDecision.Wait(end, "this window's share is used");
        }

        return Grant(at);
    }

    public void Complete(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, DateTimeOffset now)
    {
        var current = lease.Epoch == _epoch;
        _outstanding.Remove(lease.Id); // already gone if it expired: counted back once

        _probing = false;
        if (outcome != BudgetOutcome.NoResponse)
        {
            // A slowly decaying maximum of round trips: conservative about when the window's last request may go.
            var sample = now - lease.GrantedAt;
            _roundTrip = sample > _roundTrip ? sample : _roundTrip * 0.95;
        }

        if (headers is { Limit: > 0 } known)
        {
            _limit = known.Limit;
        }

        switch (outcome)
        {
            case BudgetOutcome.Answered:
                if (++_answersSinceCapChange >= AnswersPerConcurrencyStep && _cap < _options.Concurrency)
                {
                    _cap++;
                    _answersSinceCapChange = 0;
                }

                if (headers is { } observed && (current || observed.Reset == _serverReset))
                {
                    Observe(lease, observed, now);
                }

                break;

            case BudgetOutcome.Throttled:
                _throttled++;
                var until = headers is { } h && h.Reset > now ? h.Reset : now + TimeSpan.FromSeconds(1);
                _blockedUntil = Max(_blockedUntil, until);
                if (current)
                {
                    _minRemaining = 0;
                    _windowEnd = until;
                }

                break;

            case BudgetOutcome.ConcurrencyThrottled:
                _concurrencyThrottled++;
                _cap = Math.Max(1, _cap / 2);
                _answersSinceCapChange = 0;
                _blockedUntil = Max(_blockedUntil, now + _options.ConcurrencyBackoff);
                break;

            case BudgetOutcome.NoResponse:
                _noResponse++;
                break;
        }
    }

    public BudgetSnapshot Snapshot(DateTimeOffset now) => new(
        Bucket,
        _limit,
        _epoch > 0 && now < WindowEnd() ? _minRemaining : null,
        _limit is { } l ? Quota(l) : 0,
        _epoch > 0 ? WindowEnd() : null,
        _outstanding.Count,
        _cap,
        _granted,
        _throttled,
        _concurrencyThrottled,
        _noResponse);

    /// <summary>
    /// What other apps are on course to use for the rest of the window, from how fast Remaining has fallen beyond
    /// Ferry's own answered requests: Ferry leaves that much, so it slows down when others are busy.
    /// </summary>
    private int OthersProjectedNeed(int limit, int remaining, DateTimeOffset now, DateTimeOffset end)
    {
        var ours = _grantedInEpoch - InFlightInEpoch() + _carriedIn;
        var others = limit - remaining - ours;
        if (others <= 0 || _epochStart is not { } start)
        {
            return 0;
        }

        var elapsed = now - start;
        var floor = _window / 10;
        var rate = others / (elapsed > floor ? elapsed : floor).TotalSeconds;
        // One more than projected: the others' last request of the window must not find the bucket empty.
        return (int)Math.Ceiling(rate * Math.Max(0, (end - now).TotalSeconds)) + 1;
    }

    private int Quota(int limit) => Math.Max(1, (int)Math.Floor(limit * _options.Share));

    private DateTimeOffset WindowEnd() => _windowEnd ?? (_epochStart ?? DateTimeOffset.MinValue) + _window;

    private void StartEpoch(DateTimeOffset now)
    {
        _previousEpochStart = _epochStart;
        _previousServerReset = _serverReset;
        _epoch++;
        _epochStart = now;
        _windowEnd = null;
        _serverReset = null;
        _minRemaining = null;
        _grantedInEpoch = 0;
        _carriedIn = 0;
    }

    private BudgetDecision Grant(DateTimeOffset now)
    {
        _grantedInEpoch++;
        _granted++;
        _lastSlot = now;
        _outstanding[_granted] = (now + _options.LeaseTimeout, _epoch);
        return BudgetDecision.Grant(new BudgetLease(Bucket, _epoch, now, _granted));
    }

    /// <summary>
    /// Stops counting leases that were not given back within <see cref="RateLimitBudgetOptions.LeaseTimeout"/> of their
    /// slot: a node that died holding them would otherwise keep the bucket at its concurrency cap for good. (A live
    /// holder answers long before: its request times out after <c>Okta:AttemptTimeout</c>.) Their grants still count
    /// in their window: the requests may have been sent.
    /// </summary>
    private void ExpireLeases(DateTimeOffset now)
    {
        if (_outstanding.Count == 0)
        {
            return;
        }

        foreach (var (id, (expires, _)) in _outstanding)
        {
            if (now < expires)
            {
                continue;
            }

            _outstanding.Remove(id);
        }
    }

    private int InFlightInEpoch()
    {
        var count = 0;
        foreach (var (_, epoch) in _outstanding.Values)
        {
            count += epoch == _epoch ? 1 : 0;
        }

        return count;
    }

    /// <summary>Folds an answer's headers into the current window.</summary>
    private void Observe(BudgetLease lease, RateLimitHeaders headers, DateTimeOffset now)
    {
        if (_serverReset is { } known && headers.Reset < known)
        {
            return; // an answer from an older server window
        }

        if (_serverReset is { } same && headers.Reset == same)
        {
            _minRemaining = Math.Min(_minRemaining ?? headers.Remaining, headers.Remaining);
            if (lease.Epoch != _epoch)
            {
                _carriedIn++; // sent in the previous epoch, counted by Okta in this window
            }

            return;
        }

        // Okta's window rolled over before this budget's estimate of it ended (Reset is rounded up to whole seconds,
        // and a slow answer lands late): what was granted so far belongs to the old window. Count afresh from here,
        // or the new window would look spent and its share would trickle out (or wait for the next one).
        var rolledOver = _serverReset is { } previous && headers.Reset > previous;
        if (rolledOver)
        {
            StartEpoch(now);
            _carriedIn = 1; // this answer
        }

        // First news of the server window this epoch is in.
        _serverReset = headers.Reset;
        _minRemaining = headers.Remaining;
        var end = headers.Reset;
        if (headers.Reset == _previousServerReset)
        {
            // Okta's window outlived the one we estimated: learn the longer window and stay in it until Reset.
            if (_previousEpochStart is { } previousStart && headers.Reset - previousStart > _window)
            {
                _window = headers.Reset - previousStart;
            }
        }
        else if (now + _window < end)
        {
            // The window opened no later than this answer's request reached Okta, so it ends no later than now +
            // window; Reset (whole seconds, rounded up) may overstate the end by up to a second, a tenth of a 10 s
            // window. (Whichever answer of the window comes first, not only the first request's: with jittered round
            // trips a later request often answers first.)
            end = now + _window;
        }

        _windowEnd = end;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
