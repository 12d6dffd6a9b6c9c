using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Groups;

/// <summary>Resolve the names [<paramref name="First"/>, <paramref name="First"/> + <paramref name="Count"/>) of the job's plan on the slots leased.</summary>
public sealed record GroupsWork(string JobId, string Phase, bool DryRun, int First, int Count, IReadOnlyList<BudgetGrant> Grants);
