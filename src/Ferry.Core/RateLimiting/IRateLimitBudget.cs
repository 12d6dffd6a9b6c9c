namespace Ferry.Core.RateLimiting;

/// <summary>
/// The org's rate-limit budget, one per Okta org, shared by every caller. The Okta client asks for a lease before
/// every request and returns it with what the response said. Implemented in-process
/// (<see cref="InProcessRateLimitBudget"/>) and, in a slice of a durable job, by <see cref="LeaseBatchBudget"/> over
/// the slots the org's rate-limit entity granted.
/// </summary>
public interface IRateLimitBudget
{
    /// <summary>A lease for <paramref name="bucket"/> now, or when to ask again.</summary>
    ValueTask<BudgetDecision> TryAcquireAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Returns a lease with the outcome of its request and Okta's X-Rate-Limit-* headers, when there were any.</summary>
    ValueTask CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, CancellationToken cancellationToken = default);

    /// <summary>Every bucket's budget as it stands, for progress displays and the summary.</summary>
    ValueTask<IReadOnlyList<BudgetSnapshot>> SnapshotAsync(CancellationToken cancellationToken = default);
}
