using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Groups;

/// <summary>The groups orchestration's input, carried across generations: the next name to resolve, the calls so far, leases to give back, calls per name learned.</summary>
public sealed record GroupsState(GroupsJob Job, int Next, IReadOnlyDictionary<string, BucketCalls> Calls, IReadOnlyList<BudgetUsage> Pending, double CallsPerName);
