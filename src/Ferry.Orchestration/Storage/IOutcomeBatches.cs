using Ferry.Core.Outcomes;

namespace Ferry.Orchestration.Storage;

/// <summary>
/// Row outcomes, one blob per batch of a slice in a phase, with its <see cref="BatchRecord"/>. A blob is written only
/// if absent (a first pass) or unchanged since read (a retry pass): two executions of one batch (an activity run
/// again after a lost node) cannot both write, and the loser reads what the winner wrote. The outcome blobs are the
/// record every report is built from.
/// </summary>
public interface IOutcomeBatches
{
    Task<StoredBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken);

    /// <summary>Writes the batch if absent (<paramref name="ifMatch"/> null) or still at <paramref name="ifMatch"/>; false when another write came first.</summary>
    Task<bool> TryWriteAsync(string jobId, string phase, int slice, int batch, IReadOnlyList<RowOutcome> outcomes, BatchRecord record, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>The phase's outcome blobs in input order, with their records (a listing: no blob read).</summary>
    IAsyncEnumerable<BatchEntry> ListAsync(string jobId, string phase, CancellationToken cancellationToken);

    Task<IReadOnlyList<RowOutcome>> ReadOutcomesAsync(BatchEntry entry, CancellationToken cancellationToken);

    Task DeleteAsync(string jobId, CancellationToken cancellationToken);
}
