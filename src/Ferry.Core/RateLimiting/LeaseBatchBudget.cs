namespace Ferry.Core.RateLimiting;

/// <summary>
/// The budget of one batch of work: the slots leased for it (<see cref="BudgetGrant"/>s, one per bucket), handed out
/// in order. A slot is not used before its time, nor after its window's last send (then it is given back unused);
/// at most the grant's concurrency is in flight. After a 429 the bucket's slots before Okta's Reset are given back.
/// When a bucket's slots are used up the budget is exhausted for it: the request is not sent. Every answer is
/// recorded, so that <see cref="Usage"/> can give the lease back to the durable budget with what Okta said. Once
/// <see cref="Stop"/> is called (the job was suspended or terminated) no slot is handed out any more: every slot left
/// goes back unused and the requests still to send are not sent.
/// </summary>
public sealed class LeaseBatchBudget : IRateLimitBudget, IStoppableBudget
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new(); // no timer, no links: nothing to dispose
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;

    public LeaseBatchBudget(IEnumerable<BudgetGrant> grants, TimeProvider time, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(grants);
        _time = time;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(10);
        foreach (var grant in grants)
        {
            _buckets[grant.Bucket] = new Bucket(grant);
        }
    }

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Whether <see cref="Stop"/> was called.</summary>
    public bool Stopped => _stopping.IsCancellationRequested;

    /// <summary>Hands out no slot any more: every slot left goes back unused, and requests waiting for theirs are not sent.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.DropBefore(DateTimeOffset.MaxValue);
            }
        }

        _stopping.Cancel();
    }

    public void GiveBack(BudgetLease lease)
    {
        lock (_lock)
        {
            if (_buckets.TryGetValue(lease.Bucket, out var b))
            {
                b.InFlight--;
                b.GiveBack(lease.Epoch);
            }
        }
    }

    /// <summary>Buckets whose slots ran out while a request still needed one.</summary>
    public IReadOnlyList<string> Spent
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Where(b => b.Value.Spent).Select(b => b.Key).ToList();
            }
        }
    }

    public ValueTask<BudgetDecision> TryAcquireAsync(string bucket, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var b))
            {
                _buckets[bucket] = b = new Bucket(null);
            }

            if (_stopping.IsCancellationRequested)
            {
                return ValueTask.FromResult(BudgetDecision.Exhausted("the job was stopped (suspended or terminated)"));
            }

            var now = _time.GetUtcNow();
            b.DropExpired(now);
            if (b.Next is null)
            {
                b.Spent = true;
                return ValueTask.FromResult(BudgetDecision.Exhausted($"the leased slots for '{bucket}' are used up"));
            }

            if (b.InFlight >= b.Concurrency)
            {
                return ValueTask.FromResult(BudgetDecision.Wait(now + _pollInterval, "at the concurrency cap"));
            }

            var (epoch, at, _) = b.Take();
            // A slot whose time has passed (the batch started late) goes now; its lease says so, so the round trip is
            // measured from when it was sent.
            return ValueTask.FromResult(BudgetDecision.Grant(new BudgetLease(bucket, epoch, at > now ? at : now, b.Grant?.LeaseId ?? 0)));
        }
    }

    public ValueTask CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_buckets.TryGetValue(lease.Bucket, out var b))
            {
                var now = _time.GetUtcNow();
                b.InFlight--;
                b.Record(lease, outcome, headers, now);
                if (outcome == BudgetOutcome.Throttled)
                {
                    // Okta says the window is spent: slots before its Reset would only meet more 429s.
                    b.DropBefore(headers is { } h && h.Reset > now ? h.Reset : now + TimeSpan.FromSeconds(1));
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<BudgetSnapshot>> SnapshotAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<BudgetSnapshot>>(_buckets.Values.Where(b => b.Grant is not null).Select(b => b.Grant!.Snapshot).ToList());

    /// <summary>Each grant back with its unused slots and its answers (call when the batch is done).</summary>
    public IReadOnlyList<BudgetUsage> Usage()
    {
        lock (_lock)
        {
            return _buckets.Values.Where(b => b.Grant is { LeaseId: > 0 }).Select(b => b.Usage()).ToList();
        }
    }

    private sealed class Bucket(BudgetGrant? grant)
    {
        private readonly Queue<(long Epoch, DateTimeOffset At, DateTimeOffset LastSend)> _slots = new(grant?.Expand() ?? []);
        private readonly Dictionary<long, int> _unused = [];
        private readonly Dictionary<(long Epoch, BudgetOutcome Outcome, DateTimeOffset? Reset), Answers> _answers = [];

        public BudgetGrant? Grant { get; } = grant;

        public int Concurrency { get; } = Math.Max(1, grant?.Concurrency ?? 1);

        public int InFlight { get; set; }

        public bool Spent { get; set; }

        public (long Epoch, DateTimeOffset At, DateTimeOffset LastSend)? Next => _slots.Count > 0 ? _slots.Peek() : null;

        public (long Epoch, DateTimeOffset At, DateTimeOffset LastSend) Take()
        {
            InFlight++;
            return _slots.Dequeue();
        }

        public void DropExpired(DateTimeOffset now)
        {
            while (_slots.Count > 0 && _slots.Peek().LastSend <= now)
            {
                Unused(_slots.Dequeue().Epoch);
            }
        }

        public void DropBefore(DateTimeOffset until)
        {
            while (_slots.Count > 0 && _slots.Peek().At < until)
            {
                Unused(_slots.Dequeue().Epoch);
            }
        }

        public void Record(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, DateTimeOffset now)
        {
            var key = (lease.Epoch, outcome, headers?.Reset);
            if (!_answers.TryGetValue(key, out var answers))
            {
                _answers[key] = answers = new Answers(now, headers?.Remaining);
            }

            answers.Count++;
            answers.Limit = headers?.Limit ?? answers.Limit;
            answers.MinRemaining = headers is { } h ? Math.Min(answers.MinRemaining ?? h.Remaining, h.Remaining) : answers.MinRemaining;
            answers.LastAt = now;
            if (outcome != BudgetOutcome.NoResponse && now - lease.GrantedAt > answers.RoundTrip)
            {
                answers.RoundTrip = now - lease.GrantedAt;
            }
        }

        public BudgetUsage Usage()
        {
            foreach (var slot in _slots)
            {
                Unused(slot.Epoch);
            }

            _slots.Clear();
            return new BudgetUsage(
                Grant!.Bucket,
                Grant.LeaseId,
                _unused.Select(u => new BudgetUnused(u.Key, u.Value)).ToList(),
                _answers.Select(a => new BudgetAnswers(
                        a.Key.Epoch,
                        a.Key.Outcome,
                        a.Value.Count,
                        a.Value.Limit,
                        a.Key.Reset,
                        a.Value.FirstRemaining,
                        a.Value.MinRemaining,
                        a.Value.FirstAt,
                        a.Value.LastAt,
                        a.Value.RoundTrip))
                    .OrderBy(a => a.FirstAt)
                    .ToList());
        }

        public void GiveBack(long epoch) => Unused(epoch);

        private void Unused(long epoch) => _unused[epoch] = _unused.GetValueOrDefault(epoch) + 1;

        private sealed class Answers(DateTimeOffset firstAt, int? firstRemaining)
        {
            public int Count { get; set; }

            public int? Limit { get; set; }

            public int? FirstRemaining { get; } = firstRemaining;

            public int? MinRemaining { get; set; }

            public DateTimeOffset FirstAt { get; } = firstAt;

            public DateTimeOffset LastAt { get; set; }

            public TimeSpan RoundTrip { get; set; }
        }
    }
}
