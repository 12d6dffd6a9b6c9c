namespace Ferry.Core.RateLimiting;

/// <summary>A lease, or when to ask again and why.</summary>
public readonly record struct BudgetDecision(bool Granted, BudgetLease Lease, DateTimeOffset RetryAt, string Reason)
{
    public static BudgetDecision Grant(BudgetLease lease) => new(true, lease, lease.GrantedAt, "granted");

    public static BudgetDecision Wait(DateTimeOffset retryAt, string reason) => new(false, default, retryAt, reason);
}
