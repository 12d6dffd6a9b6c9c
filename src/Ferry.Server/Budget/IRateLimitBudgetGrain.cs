using Ferry.Core.RateLimiting;

namespace Ferry.Server.Budget;

/// <summary>
/// The durable entity of the Durable Functions design: one per Okta org and bucket, hosting the budget arithmetic
/// (<see cref="RateLimitBudgetState"/>) so every worker on every node draws on one budget and one concurrency cap.
/// Key: <c>{org host}|{bucket}</c>.
/// </summary>
[Alias("ferry.budget")]
public interface IRateLimitBudgetGrain : IGrainWithStringKey
{
    [Alias("try-acquire")]
    Task<BudgetDecision> TryAcquireAsync();

    [Alias("complete")]
    Task CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers);

    [Alias("snapshot")]
    Task<BudgetSnapshot> SnapshotAsync();
}
