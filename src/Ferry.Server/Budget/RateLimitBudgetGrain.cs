using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Budget;

/// <summary>
/// Hosts one bucket's <see cref="RateLimitBudgetState"/>. Kept in memory only: after a restart the budget learns the
/// limit again from its first (probe) request, which is safe because Okta's headers are the source of truth.
/// </summary>
public sealed class RateLimitBudgetGrain(IOptions<RateLimitBudgetOptions> options, TimeProvider time) : Grain, IRateLimitBudgetGrain
{
    private RateLimitBudgetState? _state;

    private RateLimitBudgetState State => _state ??= new RateLimitBudgetState(this.GetPrimaryKeyString().Split('|')[^1], options.Value);

    public Task<BudgetDecision> TryAcquireAsync() => Task.FromResult(State.TryAcquire(time.GetUtcNow()));

    public Task CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers)
    {
        State.Complete(lease, outcome, headers, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<BudgetSnapshot> SnapshotAsync() => Task.FromResult(State.Snapshot(time.GetUtcNow()));
}
