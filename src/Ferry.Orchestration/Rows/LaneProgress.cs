using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Rows;

/// <summary>A lane's custom status: its rows so far, and the budget of the buckets it leased from, as last granted.</summary>
public sealed record LaneProgress(int Rows, int Succeeded, int Failed, int Invalid, IReadOnlyList<BudgetSnapshot> Budget);
