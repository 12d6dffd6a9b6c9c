using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Storage;

/// <summary>Jobs' input files: read whole or by byte range from the pinned snapshot; tagged or deleted when the job ends.</summary>
public interface IJobInputs
{
    /// <summary>
    /// Whether a job may read its file from <paramref name="container"/>: the inbox, or a container named in
    /// <c>Ferry:Jobs:AllowedInputContainers</c>. Nothing else of the storage account is ever read as a job's input.
    /// </summary>
    bool IsAllowed(string container);

    /// <summary>
    /// Whether <paramref name="input"/> is the input Ferry wrote for the undo job <paramref name="jobId"/> (in its state
    /// container): the one file outside the inbox an undo job — and only an undo job — reads.
    /// </summary>
    bool IsUndoInput(string jobId, BlobRef input);

    Task<Stream> OpenAsync(BlobRef input, CancellationToken cancellationToken);

    /// <summary>The bytes [<paramref name="start"/>, <paramref name="end"/>) of the input.</summary>
    Task<Stream> OpenRangeAsync(BlobRef input, long start, long end, CancellationToken cancellationToken);

    /// <summary>Tags the input (<c>ferryInstanceId</c>, <c>ferryStatus</c>) if it is still the version the job read.</summary>
    Task TagAsync(BlobRef input, string instanceId, string status, CancellationToken cancellationToken);

    /// <summary>Deletes the input and its snapshots, if it is still the version the job read (else only the job's snapshot).</summary>
    Task DeleteAsync(BlobRef input, CancellationToken cancellationToken);
}
