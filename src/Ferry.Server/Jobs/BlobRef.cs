namespace Ferry.Server.Jobs;

/// <summary>A job's input, pinned: the blob as uploaded (its ETag) and the snapshot the job reads, so a later upload under the same name cannot change a running job.</summary>
[GenerateSerializer, Immutable, Alias("ferry.blob-ref")]
public sealed record BlobRef(
    [property: Id(0)] string Container,
    [property: Id(1)] string Name,
    [property: Id(2)] string ETag,
    [property: Id(3)] string? Snapshot = null,
    [property: Id(4)] long Length = 0);
