using Ferry.Core.Jobs;
using Ferry.Core.Reports;

namespace Ferry.Server.Jobs;

/// <summary>Everything the management API shows about a job; never a secret.</summary>
[GenerateSerializer, Immutable, Alias("ferry.job-status")]
public sealed record JobStatusView(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string Name,
    [property: Id(2)] string RuntimeStatus,
    [property: Id(3)] BlobRef? Input,
    [property: Id(4)] IReadOnlyDictionary<string, string> Options,
    [property: Id(5)] DateTimeOffset CreatedTime,
    [property: Id(6)] DateTimeOffset LastUpdatedTime,
    [property: Id(7)] JobProgressView Progress,
    [property: Id(8)] JobFailure? Failure,
    [property: Id(9)] JobSummary? Summary,
    [property: Id(10)] string? RerunOf);
