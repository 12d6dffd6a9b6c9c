using Microsoft.Extensions.Options;

namespace Ferry.Core.RateLimiting;

/// <summary>The budget for callers in one process: a <see cref="RateLimitBudgetState"/> per bucket behind a lock.</summary>
public sealed class InProcessRateLimitBudget(IOptions<RateLimitBudgetOptions> options, TimeProvider time) : IRateLimitBudget
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RateLimitBudgetState> _buckets = new(StringComparer.Ordinal);
    private readonly RateLimitBudgetOptions _options = options.Value;

    public ValueTask<BudgetDecision> TryAcquireAsync(string bucket, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(State(bucket).TryAcquire(time.GetUtcNow()));
        }
    }

    public ValueTask CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            State(lease.Bucket).Complete(lease, outcome, headers, time.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<BudgetSnapshot>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            return ValueTask.FromResult<IReadOnlyList<BudgetSnapshot>>(_buckets.Values.Select(b => b.Snapshot(now)).ToList());
        }
    }

    private RateLimitBudgetState State(string bucket)
    {
        if (!_buckets.TryGetValue(bucket, out var state))
        {
            _buckets[bucket] = state = new RateLimitBudgetState(bucket, _options);
        }

        return state;
    }
}
