using Ferry.Core.Outcomes;
using Ferry.Orchestration.Rows;

namespace Ferry.Orchestration.Storage;

/// <summary>
/// A batch's first pass while it runs: every <see cref="LiveBatch.Interval"/> the batch activity writes the outcomes of
/// its rows done so far, with their counts (one blob per batch in flight). The status reader reads the counts for the
/// batch a lane says is running, so a job's status moves with its rows between batches; an execution of the batch
/// that starts again after its node was lost reads the outcomes, and sends only the rows not done yet (those in flight
/// when the node died, at most). Outcomes and counts only, never a secret; a batch's checkpoint stops mattering once
/// its outcome blob (the record) is written.
/// </summary>
public interface ILiveProgress
{
    Task WriteAsync(string jobId, string phase, int slice, int batch, LiveBatch counts, IReadOnlyList<RowOutcome> done, CancellationToken cancellationToken);

    /// <summary>The counts last written for the batch, or null.</summary>
    Task<LiveBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken);

    /// <summary>The outcomes of the rows the batch's first pass had done when it last wrote (none when it never did).</summary>
    Task<IReadOnlyList<RowOutcome>> ReadDoneAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken);
}
