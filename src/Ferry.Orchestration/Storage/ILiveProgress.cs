using Ferry.Orchestration.Rows;

namespace Ferry.Orchestration.Storage;

/// <summary>
/// The counts of a batch while its first pass runs, so a job's status moves with its rows between batches: the batch
/// activity writes them every <see cref="LiveBatch.Interval"/> (one small blob per batch in flight), the status reader
/// adds them for the batch a lane says it is running. Counts only, never a row; a batch's counts stop mattering once
/// its lane has moved on (its record is the outcome blob).
/// </summary>
public interface ILiveProgress
{
    Task WriteAsync(string jobId, string phase, int slice, int batch, LiveBatch counts, CancellationToken cancellationToken);

    /// <summary>The counts last written for the batch, or null.</summary>
    Task<LiveBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken);
}
