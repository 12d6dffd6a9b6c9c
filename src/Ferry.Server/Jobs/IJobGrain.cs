namespace Ferry.Server.Jobs;

/// <summary>
/// The orchestrator: one per job instance (key: the instance id). Decides what runs next — plan, groups, slices,
/// activation, report — and persists where it is, so a restart anywhere resumes it.
/// </summary>
[Alias("ferry.job")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job unless this instance exists already (then nothing happens).</summary>
    [Alias("start")]
    Task<JobStartResult> StartAsync(JobStartRequest request);

    /// <summary>The status, or null for an unknown instance.</summary>
    [Alias("status")]
    Task<JobStatusView?> GetStatusAsync();

    /// <summary>Makes sure an unfinished job is being driven (called by the resume service).</summary>
    [Alias("ensure-running")]
    Task EnsureRunningAsync();

    [Alias("terminate")]
    Task<bool> TerminateAsync(string? reason);

    [Alias("suspend")]
    Task<bool> SuspendAsync(string? reason);

    [Alias("resume")]
    Task<bool> ResumeAsync(string? reason);

    /// <summary>An external event; <c>approve</c> releases a job that waits for approval.</summary>
    [Alias("raise-event")]
    Task<bool> RaiseEventAsync(string name);

    /// <summary>Deletes the job's state and outcomes, and its reports when asked. False for an unknown or running job.</summary>
    [Alias("purge")]
    Task<bool> PurgeAsync(bool reports);

    /// <summary>The lines of rows that need attention, for a rerun; null when the job is not finished.</summary>
    [Alias("failed-lines")]
    Task<IReadOnlyList<int>?> FailedLinesAsync();

    [Alias("slice-context")]
    Task<SliceContext> GetSliceContextAsync(string phase, int sliceIndex);

    /// <summary>A worker's progress; the answer tells it to go on (true) or stop.</summary>
    [Alias("slice-progress")]
    Task<bool> ReportSliceAsync(SliceReport report);
}
