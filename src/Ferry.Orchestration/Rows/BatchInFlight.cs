namespace Ferry.Orchestration.Rows;

/// <summary>The batch a lane has sent to its first pass and not yet counted: where its live counts are.</summary>
public sealed record BatchInFlight(int Slice, int Batch);
