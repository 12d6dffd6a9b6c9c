namespace Ferry.Core.RateLimiting;

/// <summary>
/// The budget arithmetic for one Okta bucket: pure, single-threaded, clocked by the times passed in, its data in a
/// <see cref="RateLimitBudgetMemo"/>. Hosted by <see cref="InProcessRateLimitBudget"/> in one process and by the
/// durable rate-limit entity in the service, so every worker draws on one budget.
/// <list type="bullet">
/// <item>Learns the bucket's limit from the first response (one probe request goes alone).</item>
/// <item>Uses at most <see cref="RateLimitBudgetOptions.Share"/> of the limit per window, and no more than Okta's
/// Remaining minus what other apps are on course to use in the rest of the window (from how fast Remaining falls
/// beyond Ferry's own requests), so it slows down when other apps are busy and never drives them into 429s.</item>
/// <item>Paces grants evenly through what is left of the window instead of bursting: each slot is the next free one
/// (possibly a little ahead), so a holder waits for it without asking again.</item>
/// <item>Grants one slot at a time (<see cref="TryAcquire"/>, at most <see cref="RateLimitBudgetOptions.Concurrency"/>
/// in flight) or a batch of slots (<see cref="TryAcquireBatch"/>, given back with a <see cref="BudgetUsage"/>): a
/// batch may reach into the next window, up to <see cref="RateLimitBudgetOptions.LeaseAhead"/> ahead, so holders
/// that ask only now and then still find the next window's slots ready when it opens.</item>
/// <item>After a 429 waits for Reset; a window is over at the earliest of Reset and the first response + the window
/// length; a concurrency 429 halves the concurrency cap, which grows back by one every 20 answers.</item>
/// </list>
/// </summary>
public sealed class RateLimitBudgetState
{
    private const int AnswersPerConcurrencyStep = 20;
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    private readonly RateLimitBudgetOptions _options;
    private readonly RateLimitBudgetMemo _m;

    public RateLimitBudgetState(string bucket, RateLimitBudgetOptions options, RateLimitBudgetMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Bucket = bucket;
        _options = options;
        _m = memo ?? new RateLimitBudgetMemo();
        if (_m.ConfiguredWindow != options.Window)
        {
            // A learned window belongs to the setting it was learned under.
            _m.ConfiguredWindow = options.Window;
            _m.Window = null;
        }

        _m.Cap = Math.Clamp(_m.Cap ?? options.Concurrency, 1, options.Concurrency);
    }

    public string Bucket { get; }

    /// <summary>The budget's data, to persist.</summary>
    public RateLimitBudgetMemo Memo => _m;

    private TimeSpan Window => _m.Window ?? _options.Window;

    private int Cap => _m.Cap ?? _options.Concurrency;

    /// <summary>One slot for one request, now or a paced moment ahead; or when to ask again.</summary>
    public BudgetDecision TryAcquire(DateTimeOffset now)
    {
        ExpireLeases(now);
        if (now < _m.BlockedUntil)
        {
            return BudgetDecision.Wait(_m.BlockedUntil, "waiting for the rate-limit reset");
        }

        if (InFlight() >= Cap)
        {
            return BudgetDecision.Wait(now + _options.PollInterval, "at the concurrency cap");
        }

        if (_m.Probe is not null && _m.Limit is null)
        {
            return BudgetDecision.Wait(now + _options.PollInterval, "learning the limit");
        }

        var slot = NextSlot(now);
        if (slot.At is not { } at)
        {
            return BudgetDecision.Wait(slot.RetryAt, slot.Reason);
        }

        var id = ++_m.LastLeaseId;
        Take(at);
        if (_m.Limit is null)
        {
            _m.Probe = id;
        }

        _m.Outstanding[id] = new OutstandingLease(at + _options.LeaseTimeout, new Dictionary<long, int> { [_m.Epoch] = 1 });
        return BudgetDecision.Grant(new BudgetLease(Bucket, _m.Epoch, at, id));
    }

    /// <summary>
    /// Up to <paramref name="wanted"/> paced slots as one lease: the next free slots of this window and, once it is
    /// spent, of the next, none more than <see cref="RateLimitBudgetOptions.LeaseAhead"/> ahead (but at least
    /// <see cref="RateLimitBudgetOptions.MinBatchSlots"/> when the windows allow). Before the limit is known a batch
    /// is one probe slot. An empty grant says when to ask again.
    /// <para>With a <paramref name="spread"/> the slots are not due before their share of it: slot <c>i</c> of
    /// <c>n</c> no sooner than <c>From + i × (Until − From) / n</c>. A batch asks so for a bucket its rows call after
    /// the main one (a look-up after a create), timed like the main bucket's slots: slots all due now could pass their
    /// window's last send before the rows reach them.</para>
    /// </summary>
    public BudgetGrant TryAcquireBatch(int wanted, DateTimeOffset now, BudgetSpread? spread = null)
    {
        _m.Operations++;
        ExpireLeases(now);
        if (wanted <= 0)
        {
            return Empty(now, "nothing asked");
        }

        var horizon = now + _options.EffectiveLeaseAhead;
        if (spread is not null && spread.Until > horizon)
        {
            horizon = spread.Until;
        }

        var t = now < _m.BlockedUntil ? _m.BlockedUntil : now;
        if (t > horizon)
        {
            return Empty(_m.BlockedUntil, "waiting for the rate-limit reset");
        }

        if (_m.Probe is not null && _m.Limit is null)
        {
            // A batch holder asks again only after a round of its own (an orchestration's): a second is plenty for
            // the probe's answer, and asking sooner would only cost entity operations.
            return Empty(now + ProbeWait, "learning the limit");
        }

        var id = _m.LastLeaseId + 1;
        var runs = new List<BudgetSlotRun>();
        var byEpoch = new Dictionary<long, int>();
        var reason = "granted";
        DateTimeOffset? retryAt = null;
        var count = 0;
        var previous = (DateTimeOffset?)null;
        while (count < wanted)
        {
            if (spread?.Due(count, wanted) is { } due && due > t)
            {
                t = due;
            }

            var slot = NextSlot(t);
            if (slot.At is not { } at)
            {
                // This window is spent: go on in the next one if it opens close enough — and only once an answer has
                // placed this window (Okta opens a window with the first request after the last one closed: a window
                // placed by estimate alone could open the next one early, and its first slots count in this one).
                if (slot.RetryAt > horizon && count >= _options.MinBatchSlots || slot.RetryAt > now + Window)
                {
                    reason = slot.Reason;
                    retryAt = slot.RetryAt;
                    break;
                }

                if (_m.ServerReset is null && _m.Limit is not null)
                {
                    reason = "waiting for this window's first answers";
                    retryAt = slot.RetryAt;
                    break;
                }

                t = slot.RetryAt;
                continue;
            }

            if (at > horizon && count >= _options.MinBatchSlots)
            {
                reason = "as far ahead as leases go";
                break;
            }

            // A probe (the limit unknown) may go whenever its holder gets to it: it only learns the limit.
            var lastSend = _m.Limit is null ? at + _options.LeaseTimeout : LastSend();
            Take(at);
            count++;
            byEpoch[_m.Epoch] = byEpoch.GetValueOrDefault(_m.Epoch) + 1;
            var last = runs.Count > 0 ? runs[^1] : null;
            if (last is not null && last.Epoch == _m.Epoch && previous is { } p && (last.Count == 1 || Near(at - p, last.Interval)))
            {
                runs[^1] = last with { Count = last.Count + 1, Interval = last.Count == 1 ? at - p : last.Interval };
            }
            else
            {
                runs.Add(new BudgetSlotRun(_m.Epoch, at, TimeSpan.Zero, 1, lastSend));
            }

            previous = at;
            if (_m.Limit is null)
            {
                _m.Probe = id;
                reason = "probing the limit";
                break;
            }
        }

        if (count == 0)
        {
            return Empty(retryAt ?? now + _options.PollInterval, reason);
        }

        _m.LastLeaseId = id;
        _m.Outstanding[id] = new OutstandingLease(previous!.Value + _options.LeaseTimeout, byEpoch);
        return new BudgetGrant(Bucket, id, runs, Cap, null, reason, Snapshot(now));
    }

    /// <summary>Returns a single slot's lease with the outcome of its request and Okta's headers.</summary>
    public void Complete(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, DateTimeOffset now)
    {
        _m.Outstanding.Remove(lease.Id); // already gone if it expired: counted back once
        if (_m.Probe == lease.Id)
        {
            _m.Probe = null;
        }

        Answer(lease.Epoch, outcome, 1, headers, headers, now, now, outcome == BudgetOutcome.NoResponse ? null : now - lease.GrantedAt);
    }

    /// <summary>Takes back a batch lease: its unused slots free up again, its answers are folded in in the order they came.</summary>
    public void Settle(BudgetUsage usage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ExpireLeases(now);
        _m.Outstanding.Remove(usage.LeaseId);
        if (_m.Probe == usage.LeaseId)
        {
            _m.Probe = null;
        }

        foreach (var unused in usage.Unused)
        {
            if (unused.Epoch == _m.Epoch)
            {
                _m.GrantedInEpoch = Math.Max(0, _m.GrantedInEpoch - unused.Count);
            }
        }

        // Answers on this window's slots first, and among them those of the Okta window most of them fell in: they tell
        // where Okta's window is, so that answers on the previous window's slots that Okta counted in this one are known
        // as such (carried in, not taken for other apps' use), and a few of this window's slots that Okta counted in a
        // neighbouring window do not place this one.
        foreach (var answers in usage.Answers.OrderBy(a => a.Epoch == _m.Epoch ? 0 : 1).ThenByDescending(a => a.Epoch == _m.Epoch ? a.Count : 0).ThenBy(a => a.FirstAt))
        {
            Answer(answers.Epoch, answers.Outcome, 1, answers.Limit, answers.FirstHeaders, answers.FirstAt, answers.RoundTrip);
            if (answers.Count > 1)
            {
                Answer(answers.Epoch, answers.Outcome, answers.Count - 1, answers.Limit, answers.LowestHeaders, answers.LastAt, answers.RoundTrip);
            }
        }
    }

    public BudgetSnapshot Snapshot(DateTimeOffset now) => new(
        Bucket,
        _m.Limit,
        _m.Epoch > 0 && now < WindowEnd() ? _m.MinRemaining : null,
        _m.Limit is { } l ? Quota(l) : 0,
        _m.Epoch > 0 ? WindowEnd() : null,
        InFlight(),
        Cap,
        _m.Granted,
        _m.Throttled,
        _m.ConcurrencyThrottled,
        _m.NoResponse,
        _m.Operations);

    private void Answer(long epoch, BudgetOutcome outcome, int count, RateLimitHeaders? first, RateLimitHeaders? lowest, DateTimeOffset firstAt, DateTimeOffset lastAt, TimeSpan? roundTrip)
    {
        Answer(epoch, outcome, 1, first?.Limit, first, firstAt, roundTrip);
        if (count > 1)
        {
            Answer(epoch, outcome, count - 1, lowest?.Limit, lowest, lastAt, roundTrip);
        }
    }

    /// <summary>Folds <paramref name="count"/> answers that came at <paramref name="now"/> with <paramref name="headers"/>.</summary>
    private void Answer(long epoch, BudgetOutcome outcome, int count, int? limit, RateLimitHeaders? headers, DateTimeOffset now, TimeSpan? roundTrip)
    {
        var current = epoch == _m.Epoch;
        if (outcome != BudgetOutcome.NoResponse && roundTrip is { } sample)
        {
            // A slowly decaying maximum of round trips: conservative about when the window's last request may go.
            // (Answers folded together decay it as many times, but not below their own longest round trip.)
            var decayed = _m.RoundTrip * Math.Pow(0.95, count);
            _m.RoundTrip = sample > decayed ? sample : decayed;
        }

        if (limit is > 0)
        {
            _m.Limit = limit;
        }

        switch (outcome)
        {
            case BudgetOutcome.Answered:
                _m.AnswersSinceCapChange += count;
                while (_m.AnswersSinceCapChange >= AnswersPerConcurrencyStep && Cap < _options.Concurrency)
                {
                    _m.Cap = Cap + 1;
                    _m.AnswersSinceCapChange -= AnswersPerConcurrencyStep;
                }

                if (headers is { } observed && (current || observed.Reset == _m.ServerReset))
                {
                    Observe(epoch, observed, now, count);
                }

                break;

            case BudgetOutcome.Throttled:
                _m.Throttled += count;
                var until = headers is { } h && h.Reset > now ? h.Reset : now + TimeSpan.FromSeconds(1);
                _m.BlockedUntil = Max(_m.BlockedUntil, until);
                if (current)
                {
                    _m.MinRemaining = 0;
                    _m.WindowEnd = until;
                }

                break;

            case BudgetOutcome.ConcurrencyThrottled:
                _m.ConcurrencyThrottled += count;
                _m.Cap = Math.Max(1, Cap >> Math.Min(count, 30));
                _m.AnswersSinceCapChange = 0;
                _m.BlockedUntil = Max(_m.BlockedUntil, now + _options.ConcurrencyBackoff);
                break;

            case BudgetOutcome.NoResponse:
                _m.NoResponse += count;
                break;
        }
    }

    /// <summary>
    /// The next slot at or after <paramref name="now"/> in the window <paramref name="now"/> falls in (starting a new
    /// window when the last one has ended), or when the next window opens.
    /// </summary>
    private (DateTimeOffset? At, DateTimeOffset RetryAt, string Reason) NextSlot(DateTimeOffset now)
    {
        if (_m.Epoch == 0 || now >= WindowEnd())
        {
            StartEpoch(now);
        }

        if (_m.Limit is not { } limit)
        {
            return (now, now, "probe");
        }

        var quota = Quota(limit);
        var allowance = quota - _m.GrantedInEpoch - _m.CarriedIn;
        var end = WindowEnd();
        if (_m.MinRemaining is { } remaining)
        {
            allowance = Math.Min(allowance, remaining - InFlightInEpoch() - OthersProjectedNeed(limit, remaining, now, end));
        }

        var lastSend = LastSend();
        if (allowance <= 0 || now >= lastSend)
        {
            return (null, end, "this window's share is used");
        }

        // Pacing by reservation: what the window still allows is spread evenly from the last slot handed out to the
        // window's last send; the slot may be a little ahead, and its holder waits for it without asking again (in
        // flight counts reserved slots too). Evaluated afresh at every grant, so the pace follows what Okta reports
        // (a shorter window, other apps slowing down or speeding up).
        var paced = _m.GrantedInEpoch == 0 ? now : _m.LastSlot + ((lastSend - _m.LastSlot) / allowance);
        var at = now > paced ? now : paced;
        return at >= lastSend ? (null, end, "this window's share is used") : (at, at, "granted");
    }

    /// <summary>
    /// A request sent later than a round trip before the end could reach Okta after the window closed and open the
    /// next one early, out of step with this budget. The margin is at most half a window: only answers bring the
    /// round-trip estimate down, so one answer slower than a window (a stalled response) must not stop every later grant.
    /// </summary>
    private DateTimeOffset LastSend() => WindowEnd() - (_m.RoundTrip < Window / 2 ? _m.RoundTrip : Window / 2);

    private void Take(DateTimeOffset at)
    {
        _m.GrantedInEpoch++;
        _m.Granted++;
        _m.LastSlot = at;
    }

    private BudgetGrant Empty(DateTimeOffset retryAt, string reason) =>
        new(Bucket, 0, [], Cap, retryAt, reason, Snapshot(retryAt));

    /// <summary>
    /// What other apps are on course to use for the rest of the window, from how fast Remaining has fallen beyond
    /// Ferry's own answered requests: Ferry leaves that much, so it slows down when others are busy.
    /// </summary>
    private int OthersProjectedNeed(int limit, int remaining, DateTimeOffset now, DateTimeOffset end)
    {
        var ours = _m.GrantedInEpoch - InFlightInEpoch() + _m.CarriedIn;
        var others = limit - remaining - ours;
        if (others <= 0 || _m.EpochStart is not { } start)
        {
            return 0;
        }

        var elapsed = now - start;
        var floor = Window / 10;
        var rate = others / (elapsed > floor ? elapsed : floor).TotalSeconds;
        // One more than projected: the others' last request of the window must not find the bucket empty.
        return (int)Math.Ceiling(rate * Math.Max(0, (end - now).TotalSeconds)) + 1;
    }

    private int Quota(int limit) => Math.Max(1, (int)Math.Floor(limit * _options.Share));

    private DateTimeOffset WindowEnd() => _m.WindowEnd ?? (_m.EpochStart ?? DateTimeOffset.MinValue) + Window;

    private void StartEpoch(DateTimeOffset now)
    {
        _m.PreviousEpochStart = _m.EpochStart;
        _m.PreviousServerReset = _m.ServerReset;
        _m.Epoch++;
        _m.EpochStart = now;
        _m.WindowEnd = null;
        _m.ServerReset = null;
        _m.MinRemaining = null;
        _m.GrantedInEpoch = 0;
        _m.CarriedIn = 0;
    }

    /// <summary>
    /// Stops counting leases that were not given back within <see cref="RateLimitBudgetOptions.LeaseTimeout"/> of their
    /// last slot: a node that died holding them would otherwise keep the bucket at its concurrency cap (or a window's
    /// slots reserved) for good. (A live holder answers long before: its requests time out after
    /// <c>Okta:AttemptTimeout</c>.) Their grants still count in their window: the requests may have been sent.
    /// </summary>
    private void ExpireLeases(DateTimeOffset now)
    {
        if (_m.Outstanding.Count == 0)
        {
            return;
        }

        foreach (var (id, lease) in _m.Outstanding)
        {
            if (now < lease.Expires)
            {
                continue;
            }

            _m.Outstanding.Remove(id);
            if (_m.Probe == id)
            {
                _m.Probe = null;
            }
        }
    }

    private int InFlight()
    {
        var count = 0;
        foreach (var lease in _m.Outstanding.Values)
        {
            count += lease.Slots;
        }

        return count;
    }

    private int InFlightInEpoch()
    {
        var count = 0;
        foreach (var lease in _m.Outstanding.Values)
        {
            count += lease.SlotsByEpoch.GetValueOrDefault(_m.Epoch);
        }

        return count;
    }

    /// <summary>Folds an answer's headers into the current window.</summary>
    private void Observe(long epoch, RateLimitHeaders headers, DateTimeOffset now, int count)
    {
        if (_m.ServerReset is { } known && headers.Reset < known)
        {
            return; // an answer from an older server window
        }

        if (_m.ServerReset is { } same && headers.Reset == same)
        {
            _m.MinRemaining = Math.Min(_m.MinRemaining ?? headers.Remaining, headers.Remaining);
            if (epoch != _m.Epoch)
            {
                _m.CarriedIn += count; // sent in the previous epoch, counted by Okta in this window
            }

            return;
        }

        // Okta's window rolled over before this budget's estimate of it ended (Reset is rounded up to whole seconds,
        // and a slow answer lands late): what was granted so far belongs to the old window. Count afresh from here,
        // or the new window would look spent and its share would trickle out (or wait for the next one).
        var rolledOver = _m.ServerReset is { } previous && headers.Reset > previous;
        if (rolledOver)
        {
            StartEpoch(now);
            _m.CarriedIn = count; // these answers
        }

        // First news of the server window this epoch is in.
        _m.ServerReset = headers.Reset;
        _m.MinRemaining = headers.Remaining;
        var end = headers.Reset;
        if (headers.Reset == _m.PreviousServerReset)
        {
            // Okta's window outlived the one we estimated: learn the longer window and stay in it until Reset.
            if (_m.PreviousEpochStart is { } previousStart && headers.Reset - previousStart > Window)
            {
                _m.Window = headers.Reset - previousStart;
            }
        }
        else if (now + Window < end)
        {
            // The window opened no later than this answer's request reached Okta, so it ends no later than now +
            // window; Reset (whole seconds, rounded up) may overstate the end by up to a second, a tenth of a 10 s
            // window. (Whichever answer of the window comes first, not only the first request's: with jittered round
            // trips a later request often answers first.)
            end = now + Window;
        }

        _m.WindowEnd = end;
    }

    private static bool Near(TimeSpan a, TimeSpan b) => (a - b).Duration() <= TimeSpan.FromTicks(10);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
