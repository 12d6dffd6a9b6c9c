namespace Ferry.Orchestration.Storage;

/// <summary>An outcome blob as listed: its name (names sort in input order), its version and its record.</summary>
public sealed record BatchEntry(string Name, string ETag, BatchRecord Record);
