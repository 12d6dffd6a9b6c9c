using Ferry.Core.Operations;

namespace Ferry.Server.Jobs;

/// <summary>What a worker needs to process one slice in one phase, handed out by the job grain.</summary>
/// <param name="Plan">The plan, with this slice and the duplicate lines that fall in it.</param>
/// <param name="Lines">For a rerun: the file lines of this slice to process (others are not part of the job).</param>
[GenerateSerializer, Immutable, Alias("ferry.slice-context")]
public sealed record SliceContext(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string Phase,
    [property: Id(2)] int SliceIndex,
    [property: Id(3)] BlobRef Input,
    [property: Id(4)] PlanState Plan,
    [property: Id(5)] IReadOnlyDictionary<string, string> Options,
    [property: Id(6)] bool DryRun,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] IReadOnlyList<ResolvedGroup> Groups,
    [property: Id(9)] IReadOnlyList<int>? Lines,
    [property: Id(10)] bool Stop,
    [property: Id(11)] int BatchRows);
