using System.Collections.Concurrent;

namespace Ferry.Core.RateLimiting;

/// <summary>
/// Lets this process's callers ask the budget one at a time per bucket, in arrival order. The caller at the head
/// asks, and waits as told when the budget has nothing to give (concurrency cap, window spent, a reset); the others
/// queue here without asking. A granted lease (maybe for a paced slot ahead) is waited for outside the queue, so the
/// next caller asks at once. The budget then answers about one question per lease instead of one per waiting caller
/// per tick — which matters when every question costs a lock or a call across processes.
/// </summary>
public sealed class BudgetAdmission(IRateLimitBudget budget, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _heads = new(StringComparer.Ordinal);

    public IRateLimitBudget Budget => budget;

    /// <summary>A lease for <paramref name="bucket"/>, waited for until its slot; null when the budget is exhausted.</summary>
    public async ValueTask<BudgetLease?> AcquireAsync(string bucket, CancellationToken cancellationToken)
    {
        var head = _heads.GetOrAdd(bucket, static _ => new SemaphoreSlim(1, 1));
        BudgetLease? lease;
        await head.WaitAsync(cancellationToken);
        try
        {
            lease = await budget.ReserveAsync(bucket, time, cancellationToken);
        }
        finally
        {
            head.Release();
        }

        if (lease is not { } granted)
        {
            return null;
        }

        if (budget is IStoppableBudget stoppable)
        {
            return await WaitUnlessStoppedAsync(stoppable, granted, cancellationToken);
        }

        await budget.WaitForSlotAsync(granted, time, cancellationToken);
        return granted;
    }

    /// <summary>Waits for the lease's slot unless the budget is stopped first; then the lease goes back unused (null).</summary>
    private async ValueTask<BudgetLease?> WaitUnlessStoppedAsync(IStoppableBudget stoppable, BudgetLease lease, CancellationToken cancellationToken)
    {
        var wait = lease.GrantedAt - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stoppable.Stopping);
            try
            {
                await Task.Delay(wait, time, either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Stopped while waiting: the lease goes back below, unused.
            }
            catch (OperationCanceledException)
            {
                await budget.CompleteAsync(lease, BudgetOutcome.NoResponse, null, CancellationToken.None);
                throw;
            }
        }

        if (stoppable.Stopping.IsCancellationRequested)
        {
            stoppable.GiveBack(lease);
            return null;
        }

        return lease;
    }
}
