using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Budget;

/// <summary>
/// One operation on a bucket's rate-limit entity: give back what became of earlier leases (<see cref="Returned"/>)
/// and ask for up to <see cref="Wanted"/> slots. Returning and asking in one call keeps entity operations at one
/// per batch. With a <see cref="Spread"/> the slots are due across it (see <see cref="RateLimitBudgetState.TryAcquireBatch"/>).
/// </summary>
public sealed record BudgetExchange(IReadOnlyList<BudgetUsage> Returned, int Wanted, BudgetSpread? Spread = null);
