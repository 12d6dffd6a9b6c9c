namespace Ferry.Server.Slices;

/// <summary>
/// An activity: processes one slice of rows in one phase, reading its byte range straight from the input blob and
/// persisting its outcomes after every batch. Key: <c>{instanceId}|{phase}|{slice}</c>.
/// </summary>
[Alias("ferry.slice")]
public interface ISliceWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts or resumes processing (idempotent; returns at once).</summary>
    [Alias("start")]
    Task StartAsync();

    /// <summary>Deletes the slice's state (purge).</summary>
    [Alias("clear")]
    Task ClearAsync();
}
