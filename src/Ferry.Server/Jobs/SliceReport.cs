using Ferry.Core.Okta;

namespace Ferry.Server.Jobs;

/// <summary>A worker's progress after a batch: totals so far for its slice in its phase.</summary>
[GenerateSerializer, Immutable, Alias("ferry.slice-report")]
public sealed record SliceReport(
    [property: Id(0)] string Phase,
    [property: Id(1)] int SliceIndex,
    [property: Id(2)] int RowsDone,
    [property: Id(3)] bool Done,
    [property: Id(4)] TallyState Tally,
    [property: Id(5)] IReadOnlyDictionary<string, BucketCalls> Calls);
