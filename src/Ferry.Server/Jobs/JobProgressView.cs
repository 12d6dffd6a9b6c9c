namespace Ferry.Server.Jobs;

/// <summary>The <c>customStatus</c> of the status payload: where the job is and how fast it goes.</summary>
[GenerateSerializer, Immutable, Alias("ferry.job-progress")]
public sealed record JobProgressView(
    [property: Id(0)] string Phase,
    [property: Id(1)] int RowsTotal,
    [property: Id(2)] int RowsDone,
    [property: Id(3)] int RowsSucceeded,
    [property: Id(4)] int RowsFailed,
    [property: Id(5)] int RowsInvalid,
    [property: Id(6)] double Percent,
    [property: Id(7)] double? RowsPerMinute,
    [property: Id(8)] double? EtaSeconds,
    [property: Id(9)] string? StatusReason);
