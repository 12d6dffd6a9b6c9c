using Ferry.Core.Outcomes;

namespace Ferry.Orchestration.Storage;

/// <summary>An outcome blob as read: its rows' outcomes in input order, its record, and the version read.</summary>
public sealed record StoredBatch(IReadOnlyList<RowOutcome> Outcomes, BatchRecord Record, string ETag);
