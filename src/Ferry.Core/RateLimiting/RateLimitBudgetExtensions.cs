namespace Ferry.Core.RateLimiting;

public static class RateLimitBudgetExtensions
{
    /// <summary>Waits (on <paramref name="time"/>) until the budget grants a lease for <paramref name="bucket"/>.</summary>
    public static async ValueTask<BudgetLease> AcquireAsync(
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

            var wait = decision.RetryAt - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }
}
