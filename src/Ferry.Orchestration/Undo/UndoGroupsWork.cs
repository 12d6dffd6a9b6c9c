using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Undo;

/// <summary>
/// One round of an undo job's groups step for <see cref="UndoGroupsActivity"/>: the groups [<paramref name="First"/>,
/// <paramref name="First"/> + <paramref name="Count"/>) of the job's undo groups, on the slots leased; its outcomes go
/// to batch <paramref name="Round"/> of slice <paramref name="Slice"/> (the one after the users' slices).
/// </summary>
public sealed record UndoGroupsWork(string JobId, string Phase, bool DryRun, int Slice, int Round, int First, int Count, IReadOnlyList<BudgetGrant> Grants);
