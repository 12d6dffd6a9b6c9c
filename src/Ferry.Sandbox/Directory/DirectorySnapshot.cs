namespace Ferry.Sandbox.Directory;

/// <summary>Counts for <c>GET /sandbox/stats</c>.</summary>
public sealed record DirectorySnapshot(
    int Users,
    IReadOnlyDictionary<string, int> UsersByStatus,
    int Groups,
    long EmailsSent,
    long DuplicateCreates,
    IReadOnlyDictionary<string, int> CreateAttemptsByLogin);
