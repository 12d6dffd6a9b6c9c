using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Groups;

/// <summary>How many names of the batch were resolved (from its first, in order: the rest wait for more slots), the calls, the leases to give back, a job-ending failure and its code (null: <c>okta-unauthorized</c>).</summary>
public sealed record GroupsBatchResult(int Resolved, IReadOnlyDictionary<string, BucketCalls> Calls, IReadOnlyList<BudgetUsage> Usage, string? Fatal, string? FatalCode = null);
