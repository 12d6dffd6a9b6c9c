namespace Ferry.Orchestration.Jobs;

/// <summary>
/// A job's input, pinned: the blob as uploaded (its ETag) and the snapshot the job reads, so a later upload under the
/// same name cannot change a running job.
/// </summary>
public sealed record BlobRef(string Container, string Name, string ETag, string? Snapshot = null, long Length = 0);
