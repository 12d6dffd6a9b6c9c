namespace Ferry.Orchestration.Storage;

/// <summary>
/// A job's stop: set when it is suspended or terminated, cleared when it is resumed. Its running batches look at it
/// every <see cref="Rows.BatchStop.Interval"/> and send nothing more once it is set (the rows not sent yet run on resume,
/// or are reported not attempted when the job ends), so a stop takes effect within about two seconds even in the middle
/// of a batch leased half a minute of slots. An Auth0 chunk looks before it posts.
/// </summary>
public interface IJobStops
{
    /// <summary>Sets the job's stop (idempotent).</summary>
    Task SetAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary>Clears the job's stop (idempotent).</summary>
    Task ClearAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Whether the job's stop is set.</summary>
    Task<bool> IsSetAsync(string jobId, CancellationToken cancellationToken);
}
