namespace Ferry.Server.Jobs;

/// <summary>What starts a job: its pinned input and options (wire names), and for a rerun the job and lines it reruns.</summary>
[GenerateSerializer, Immutable, Alias("ferry.job-start")]
public sealed record JobStartRequest(
    [property: Id(0)] BlobRef Input,
    [property: Id(1)] IReadOnlyDictionary<string, string> Options,
    [property: Id(2)] string? RerunOf = null,
    [property: Id(3)] string? LinesBlob = null);
