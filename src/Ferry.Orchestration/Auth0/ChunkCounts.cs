namespace Ferry.Orchestration.Auth0;

/// <summary>A chunk's counts in the plan's result: its users (sent) and rows (invalid ones included).</summary>
public sealed record ChunkCounts(int Users, int Rows);
