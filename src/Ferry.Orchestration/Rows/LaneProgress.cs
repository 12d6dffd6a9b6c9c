using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// A lane's custom status: its rows so far, and the budget of the buckets it leased from, as last granted. An Auth0
/// chunk shows its rows as far as Auth0's <c>percentage_done</c> goes, and Auth0's <c>time_left_seconds</c>.
/// </summary>
/// <param name="InFlight">The batch whose first pass runs now, not yet in these counts (its live counts are added by the status).</param>
public sealed record LaneProgress(int Rows, int Succeeded, int Failed, int Invalid, IReadOnlyList<BudgetSnapshot> Budget, int? TimeLeftSeconds = null, BatchInFlight? InFlight = null);
