namespace Ferry.Core.RateLimiting;

/// <summary>
/// The budget arithmetic for one Okta bucket: pure, single-threaded, clocked by the times passed in, its data in a
/// <see cref="RateLimitBudgetMemo"/>. Hosted by <see cref="InProcessRateLimitBudget"/> in one process and by the
/// durable rate-limit entity in the service, so every worker draws on one budget.
/// <list type="bullet">
/// <item>Learns the bucket's limit from the first response (one probe request goes alone).</item>
/// <item>Uses at most <see cref="RateLimitBudgetOptions.Share"/> of the limit per window, and no more than other apps
/// leave: not more than the limit less what they used in the last window, nor than Okta's Remaining less what they are
/// on course to use in the rest of this one (from how fast Remaining falls beyond Ferry's own requests). So it slows
/// down when other apps are busy and never drives them into 429s.</item>
/// <item>Paces grants evenly through what is left of the window instead of bursting: each slot is the next free one
/// (possibly a little ahead), so a holder waits for it without asking again.</item>
/// <item>Grants one slot at a time (<see cref="TryAcquire"/>, at most <see cref="RateLimitBudgetOptions.Concurrency"/>
/// in flight) or a batch of slots (<see cref="TryAcquireBatch"/>, given back with a <see cref="BudgetUsage"/>): a
/// batch may reach into the next window, up to <see cref="RateLimitBudgetOptions.LeaseAhead"/> ahead, so holders
/// that ask only now and then still find the next window's slots ready when it opens.</item>
/// <item>After a 429 waits for Reset; a window is over at the earliest of Reset and the first response + the window
/// length, learned from the Resets (<see cref="RateLimitBudgetOptions.Window"/> is the first guess); a concurrency 429
/// halves the concurrency cap, which grows back by one every 20 answers.</item>
/// <item>Slots given back unused free up at once, their pace with them: a lane that ends leaves no gap for the next
/// lease to wait out.</item>
/// </list>
/// </summary>
public sealed class RateLimitBudgetState
{
    private const int AnswersPerConcurrencyStep = 20;
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    private readonly RateLimitBudgetOptions _options;
    private readonly RateLimitBudgetMemo _m;

    /// <summary>The slots of the batch being granted, by window: in flight already, while the grant is worked out.</summary>
    private Dictionary<long, int>? _granting;

    public RateLimitBudgetState(string bucket, RateLimitBudgetOptions options, RateLimitBudgetMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Bucket = bucket;
        _options = options;
        _m = memo ?? new RateLimitBudgetMemo();
        _m.Cap = Math.Clamp(_m.Cap ?? options.Concurrency, 1, options.Concurrency);
    }

    public string Bucket { get; }

    /// <summary>The budget's data, to persist.</summary>
    public RateLimitBudgetMemo Memo => _m;

    private TimeSpan Window => _m.Window ?? _options.Window;

    private TimeSpan LeaseAhead => _options.LeaseAhead ?? Window / 2;

    /// <summary>
    /// The limit is known but no window has been watched through yet: the other apps' pace is not known (spread through
    /// the window, they have used little of it at its start). Meanwhile a lease reaches no further ahead than a tenth of
    /// a window, however few slots that is, so that what the first answers show still shapes most of the window.
    /// </summary>
    private bool Blind => _m.OthersPerWindow is null && _m.Limit is not null && LeaseAhead > Window / 10;

    private int MinBatchSlots => Blind ? 1 : _options.MinBatchSlots;

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

        _m.Outstanding[id] = new OutstandingLease(at + _options.LeaseTimeout, new Dictionary<long, int> { [_m.Epoch] = 1 }, at, at);
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

        var horizon = now + (Blind ? Window / 10 : LeaseAhead);
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
        _granting = byEpoch; // the batch's slots are in flight (Ferry's, not room left) as each next one is worked out
        try
        {
            (count, previous, reason, retryAt) = Grant(wanted, now, spread, id, t, horizon, runs, byEpoch);
        }
        finally
        {
            _granting = null;
        }

        if (count == 0)
        {
            CountPreviousWindow();
            return Empty(retryAt ?? now + _options.PollInterval, reason);
        }

        _m.LastLeaseId = id;
        _m.Outstanding[id] = new OutstandingLease(previous!.Value + _options.LeaseTimeout, byEpoch, runs[0].First, previous);
        return new BudgetGrant(Bucket, id, runs, Cap, null, reason, Snapshot(now));
    }

    /// <summary>The loop of <see cref="TryAcquireBatch"/>: takes slots from <paramref name="t"/> on into <paramref name="runs"/>.</summary>
    private (int Count, DateTimeOffset? Last, string Reason, DateTimeOffset? RetryAt) Grant(
        int wanted,
        DateTimeOffset now,
        BudgetSpread? spread,
        long id,
        DateTimeOffset t,
        DateTimeOffset horizon,
        List<BudgetSlotRun> runs,
        Dictionary<long, int> byEpoch)
    {
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
                if (slot.RetryAt > horizon && count >= MinBatchSlots || slot.RetryAt > now + Window)
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

            if (at > horizon && count >= MinBatchSlots)
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

        return (count, previous, reason, retryAt);
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
        CountPreviousWindow();
    }

    /// <summary>Takes back a batch lease: its unused slots free up again, its answers are folded in in the order they came.</summary>
    public void Settle(BudgetUsage usage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ExpireLeases(now);
        if (_m.Outstanding.Remove(usage.LeaseId, out var lease))
        {
            GiveBackPace(lease, now);
        }

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

        CountPreviousWindow();
    }

    /// <summary>
    /// A lease given back takes its pace with it: when it held the last slot handed out, the next is paced from the last
    /// slot still out (or from now), not after slots nobody will use. A lane that ends (a small job's two rows on a
    /// lease of half a window) must not leave the next job waiting out its slots.
    /// </summary>
    private void GiveBackPace(OutstandingLease lease, DateTimeOffset now)
    {
        var last = lease.Last ?? lease.Expires - _options.LeaseTimeout;
        if (!lease.SlotsByEpoch.ContainsKey(_m.Epoch) || last < _m.LastSlot)
        {
            return;
        }

        var latest = _m.LastSlot < now ? _m.LastSlot : now;
        foreach (var other in _m.Outstanding.Values)
        {
            if (other.SlotsByEpoch.ContainsKey(_m.Epoch) && (other.Last ?? other.Expires - _options.LeaseTimeout) is var end && end > latest)
            {
                latest = end;
            }
        }

        _m.LastSlot = latest;
    }

    public BudgetSnapshot Snapshot(DateTimeOffset now) => new(
        Bucket,
        _m.Limit,
        now < _m.BlockedUntil ? 0 : _m.Epoch > 0 && now < WindowEnd() ? _m.MinRemaining : null,
        _m.Limit is { } l ? Quota(l) : 0,
        _m.Epoch > 0 ? WindowEnd() : null,
        InFlight(),
        Cap,
        _m.Granted,
        _m.Throttled,
        _m.ConcurrencyThrottled,
        _m.NoResponse,
        _m.Operations,
        Window,
        _m.OthersPerWindow,
        _m.Limit is { } limit ? Share(limit) - Quota(limit) : 0);

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

                if (headers is not { } observed)
                {
                    break;
                }

                if (_m.PreviousWindow is { Counted: false } closing && observed.Reset == closing.Reset && observed.Reset != _m.ServerReset && !(current && _m.ServerReset is null))
                {
                    // Counted by Okta in the window before this one (a late answer, or a slot that reached Okta early).
                    _m.PreviousWindow = closing with
                    {
                        Answered = closing.Answered + count,
                        MinRemaining = Math.Min(closing.MinRemaining, observed.Remaining),
                        RemainingAt = observed.Remaining < closing.MinRemaining ? now : closing.RemainingAt,
                    };
                }
                else if (current || observed.Reset == _m.ServerReset)
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
                    // Nothing more in this window: it ends (for Ferry) when Okta says it resets. What other apps used of
                    // it stays what the answers showed: a burst that ran it dry is not their pace.
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

        var allowance = Quota(limit) - _m.GrantedInEpoch - _m.CarriedIn;
        var end = WindowEnd();
        if (_m.MinRemaining is { } remaining)
        {
            // What Okta had left at its lowest Remaining, less Ferry's slots still to come and what the other apps will
            // use meanwhile. Ferry's slots already due then were counted in it, most of them (counted twice, they would
            // squeeze Ferry by its own requests).
            var seen = _m.RemainingAt ?? now;
            var due = UnsettledDue(seen - _m.RoundTrip);
            allowance = Math.Min(allowance, remaining - (InFlightInEpoch() - due) - OthersProjectedNeed(limit, remaining, seen, due, end));
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
    /// What other apps are on course to use of the window from <paramref name="at"/> (the lowest Remaining) to its
    /// end: at the faster of their pace in this window so far (how fast Remaining has fallen beyond Ferry's own
    /// requests) and their pace in the last window Ferry watched through. Ferry leaves that much.
    /// </summary>
    private int OthersProjectedNeed(int limit, int remaining, DateTimeOffset at, int due, DateTimeOffset end)
    {
        var others = limit - remaining - _m.AnsweredInWindow - due;
        var start = end - Window;
        var elapsed = at - start;
        var floor = Window / 10;
        var rate = Math.Max(0, others) / (elapsed > floor ? elapsed : floor).TotalSeconds;
        if (_m.OthersPerWindow is { } lastWindow && lastWindow / Window.TotalSeconds > rate)
        {
            rate = lastWindow / Window.TotalSeconds;
        }

        // One more than projected: the others' last request of the window must not find the bucket empty.
        return rate <= 0 ? 0 : (int)Math.Ceiling(rate * Math.Max(0, (end - at).TotalSeconds)) + 1;
    }

    /// <summary>Ferry's share of the limit per window (<see cref="RateLimitBudgetOptions.Share"/>).</summary>
    private int Share(int limit) => Math.Max(1, (int)Math.Floor(limit * _options.Share));

    /// <summary>The share, or less when other apps used more than the rest of the limit in the last window Ferry watched.</summary>
    private int Quota(int limit) => Math.Max(1, Math.Min(Share(limit), limit - (_m.OthersPerWindow is > 0 and var others ? others + 1 : 0)));

    private DateTimeOffset WindowEnd() => _m.WindowEnd ?? (_m.EpochStart ?? DateTimeOffset.MinValue) + Window;

    private void StartEpoch(DateTimeOffset now)
    {
        if (_m.ServerReset is { } reset && _m.Limit is { } limit && _m.MinRemaining is { } remaining)
        {
            // The window Okta placed: once every lease on it is back, what the other apps used of it is known.
            CountPreviousWindow();
            _m.PreviousWindow = new ClosedWindow(_m.Epoch, _m.EpochStart ?? now, WindowEnd(), reset, limit, remaining, _m.RemainingAt ?? now, _m.AnsweredInWindow);
        }

        _m.Epoch++;
        _m.EpochStart = now;
        _m.WindowEnd = null;
        _m.ServerReset = null;
        _m.MinRemaining = null;
        _m.RemainingAt = null;
        _m.AnsweredInWindow = 0;
        _m.GrantedInEpoch = 0;
        _m.CarriedIn = 0;
    }

    /// <summary>
    /// Learns what other apps used of the window that ended, once every lease with slots in it is back (Ferry's answers
    /// all counted): Okta's limit less its lowest Remaining and Ferry's answers, scaled to the whole window (Ferry saw it
    /// up to its last answer). A window with a lease still out when the next one ends is not counted.
    /// </summary>
    private void CountPreviousWindow()
    {
        if (_m.PreviousWindow is not { Counted: false } closing)
        {
            return;
        }

        foreach (var lease in _m.Outstanding.Values)
        {
            if (lease.SlotsByEpoch.Keys.Any(e => e <= closing.Epoch))
            {
                return;
            }
        }

        if (_granting is not null && _granting.Keys.Any(e => e <= closing.Epoch))
        {
            return;
        }

        // What they were on course to use in the whole window at the pace they went until Ferry's last answer (Ferry stops
        // a round trip before the end; after a job, or squeezed to a few early requests, it saw only part of the window).
        // A tenth of a window at least: a few early requests say little.
        var watched = (closing.RemainingAt - (closing.End - Window)) / Window;
        _m.OthersPerWindow = Math.Min(closing.Limit, (int)Math.Ceiling(closing.Others / Math.Clamp(watched, 0.1, 1)));
        _m.PreviousWindow = closing with { Counted = true };
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
        var count = _granting?.Values.Sum() ?? 0;
        foreach (var lease in _m.Outstanding.Values)
        {
            count += lease.Slots;
        }

        return count;
    }

    private int InFlightInEpoch()
    {
        var count = _granting?.GetValueOrDefault(_m.Epoch) ?? 0;
        foreach (var lease in _m.Outstanding.Values)
        {
            count += lease.SlotsByEpoch.GetValueOrDefault(_m.Epoch);
        }

        return count;
    }

    /// <summary>Slots of this window still out whose time had come by <paramref name="at"/>: sent, most likely, and counted by Okta.</summary>
    private int UnsettledDue(DateTimeOffset at)
    {
        var count = 0;
        foreach (var lease in _m.Outstanding.Values)
        {
            count += lease.DueBy(_m.Epoch, at);
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
            _m.AnsweredInWindow += count;
            if (_m.MinRemaining is not { } lowest || headers.Remaining < lowest)
            {
                _m.MinRemaining = headers.Remaining;
                _m.RemainingAt = now;
            }

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
        _m.RemainingAt = now;
        _m.AnsweredInWindow = count;
        var end = headers.Reset;
        if (_m.PreviousWindow is { } closing && headers.Reset == closing.Reset)
        {
            // Okta's window outlived the one we estimated: learn the longer window and stay in it until Reset. What Ferry
            // used of it before counts in it still.
            if (headers.Reset - closing.Start > Window)
            {
                _m.Window = headers.Reset - closing.Start;
            }

            _m.AnsweredInWindow += closing.Answered;
            _m.CarriedIn += closing.Answered;
            if (closing.MinRemaining < headers.Remaining)
            {
                (_m.MinRemaining, _m.RemainingAt) = (closing.MinRemaining, closing.RemainingAt);
            }

            _m.PreviousWindow = null;
        }
        else
        {
            LearnWindow(headers, now);
            if (now + Window < end)
            {
                // The window opened no later than this answer's request reached Okta, so it ends no later than now +
                // window; Reset (whole seconds, rounded up) may overstate the end by up to a second, a tenth of a 10 s
                // window. (Whichever answer of the window comes first, not only the first request's: with jittered round
                // trips a later request often answers first.)
                end = now + Window;
            }
        }

        _m.WindowEnd = end;
    }

    /// <summary>
    /// Learns the window's length from the first answer of a new window of Okta's (Reset, in whole seconds rounded up,
    /// is the window's end; a window opens with the first request after the last one ended):
    /// <list type="bullet">
    /// <item>two Resets apart: the windows did not overlap, so the window is no longer than the time between them;</item>
    /// <item>the answer to the request that opened the window (Remaining one below the limit) came less than a second
    /// (the rounding) plus its way back before Reset less the window: its Reset less its time is the length, when the
    /// estimate so far does not fit it;</item>
    /// <item>any answer: the window is longer than its Reset less its time less a second (it may have been opened by
    /// another app's request long before).</item>
    /// </list>
    /// Windows are whole seconds (Okta's minute; the sandbox's are set in seconds), as Reset is.
    /// </summary>
    private void LearnWindow(RateLimitHeaders headers, DateTimeOffset now)
    {
        var span = headers.Reset - now;
        if (span <= TimeSpan.Zero)
        {
            return;
        }

        var second = TimeSpan.FromSeconds(1);
        if (headers.Remaining >= headers.Limit - 1 ? Window > span + _m.RoundTrip || Window < span - second : Window < span - second)
        {
            _m.Window = span;
        }

        if (_m.PreviousWindow is { } closing && headers.Reset > closing.Reset && headers.Reset - closing.Reset < Window)
        {
            _m.Window = headers.Reset - closing.Reset;
        }
    }

    private static bool Near(TimeSpan a, TimeSpan b) => (a - b).Duration() <= TimeSpan.FromTicks(10);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
