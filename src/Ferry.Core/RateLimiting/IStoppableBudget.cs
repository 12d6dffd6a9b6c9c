namespace Ferry.Core.RateLimiting;

/// <summary>
/// A budget its holder can stop (a suspended or terminated job): once <see cref="Stopping"/> is cancelled, no request
/// waits for its slot any longer and none is sent; a lease already reserved goes back unused.
/// </summary>
public interface IStoppableBudget
{
    /// <summary>Cancelled when the budget is stopped.</summary>
    CancellationToken Stopping { get; }

    /// <summary>Gives back a reserved lease whose request was never sent.</summary>
    void GiveBack(BudgetLease lease);
}
