namespace Ferry.Core.RateLimiting;

/// <summary>A lease; or when to ask again and why; or that this budget has nothing more to give (<see cref="IsExhausted"/>).</summary>
public readonly record struct BudgetDecision(bool Granted, BudgetLease Lease, DateTimeOffset RetryAt, string Reason)
{
    /// <summary>No lease now nor later: a budget of pre-granted slots that are all used (its holder must ask for more elsewhere).</summary>
    public bool IsExhausted => !Granted && RetryAt == DateTimeOffset.MaxValue;

    public static BudgetDecision Grant(BudgetLease lease) => new(true, lease, lease.GrantedAt, "granted");

    public static BudgetDecision Wait(DateTimeOffset retryAt, string reason) => new(false, default, retryAt, reason);

    public static BudgetDecision Exhausted(string reason) => new(false, default, DateTimeOffset.MaxValue, reason);
}
