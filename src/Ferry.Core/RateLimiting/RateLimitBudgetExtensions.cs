namespace Ferry.Core.RateLimiting;

public static class RateLimitBudgetExtensions
{
    /// <summary>Waits until the budget grants a lease for <paramref name="bucket"/> and until the lease's slot; null when it is exhausted.</summary>
    public static async ValueTask<BudgetLease?> AcquireAsync(
        this IRateLimitBudget budget,
        string bucket,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await budget.ReserveAsync(bucket, time, cancellationToken) is not { } lease)
        {
            return null;
        }

        await budget.WaitForSlotAsync(lease, time, cancellationToken);
        return lease;
    }

    /// <summary>Asks until the budget grants a lease, waiting as it says in between; the lease's slot may be ahead. Null when the budget is exhausted.</summary>
    public static async ValueTask<BudgetLease?> ReserveAsync(
        this IRateLimitBudget budget,
        string bucket,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        while (true)
        {
            var decision = await budget.TryAcquireAsync(bucket, cancellationToken);
            if (decision.Granted)
            {
                return decision.Lease;
            }

            if (decision.IsExhausted)
            {
                return null;
            }

            var wait = decision.RetryAt - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }

    /// <summary>Waits for a reserved lease's slot; gives the lease back unused if cancelled meanwhile.</summary>
    public static async ValueTask WaitForSlotAsync(this IRateLimitBudget budget, BudgetLease lease, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        var wait = lease.GrantedAt - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await budget.CompleteAsync(lease, BudgetOutcome.NoResponse, null, CancellationToken.None);
            throw;
        }
    }
}
