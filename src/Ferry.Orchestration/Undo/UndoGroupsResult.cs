using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Undo;

/// <summary>How many groups of the round were settled (from its first, in order: the rest wait for slots), their counts, the calls, the leases to give back, a job-ending failure.</summary>
public sealed record UndoGroupsResult(int Done, RowTally Tally, IReadOnlyDictionary<string, BucketCalls> Calls, IReadOnlyList<BudgetUsage> Usage, string? Fatal);
