using Ferry.Core.Csv;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Undo;

namespace Ferry.Orchestration.Storage;

/// <summary>A job's documents: its <see cref="JobDocument"/>, its resolved groups, rerun line lists, and undo inputs.</summary>
public interface IJobDocuments
{
    Task SaveAsync(string jobId, JobDocument document, CancellationToken cancellationToken);

    /// <summary>The job's document (written once, so kept in memory by each node once read).</summary>
    Task<JobDocument> LoadAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job's document, or null when the job never got as far as its plan.</summary>
    Task<JobDocument?> TryLoadAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Saves an Auth0 job's document (its plan, options, start, input and target).</summary>
    Task SaveAuth0Async(string jobId, Auth0JobDocument document, CancellationToken cancellationToken);

    /// <summary>An Auth0 job's document, or null when the job is not one or never got as far as its plan.</summary>
    Task<Auth0JobDocument?> TryLoadAuth0Async(string jobId, CancellationToken cancellationToken);

    /// <summary>An Auth0 job's document (written once, so kept in memory by each node once read).</summary>
    async Task<Auth0JobDocument> LoadAuth0Async(string jobId, CancellationToken cancellationToken) =>
        await TryLoadAuth0Async(jobId, cancellationToken) ?? throw new InvalidOperationException($"Job {jobId} has no Auth0 document: it was never planned, or it was purged.");

    /// <summary>Saves the groups one groups batch resolved (<paramref name="first"/>: the index of its first name) and the calls it made.</summary>
    Task SaveGroupsAsync(string jobId, string phase, int first, IReadOnlyList<ResolvedGroup> groups, IReadOnlyDictionary<string, BucketCalls> calls, CancellationToken cancellationToken);

    /// <summary>Every group resolved for <paramref name="phase"/>, once the groups phase is over (kept in memory once read).</summary>
    Task<GroupResolution> LoadGroupsAsync(string jobId, string phase, CancellationToken cancellationToken);

    /// <summary>The calls the groups phase made for <paramref name="phase"/> (none when there was no groups phase).</summary>
    Task<IReadOnlyDictionary<string, BucketCalls>> LoadGroupCallsAsync(string jobId, string phase, CancellationToken cancellationToken);

    /// <summary>Stores the lines a rerun-failed job runs again; returns the blob's name for <c>JobInput.LinesBlob</c>.</summary>
    Task<string> SaveLinesAsync(string jobId, IReadOnlyList<int> lines, CancellationToken cancellationToken);

    Task<IReadOnlyList<int>> LoadLinesAsync(string linesBlob, CancellationToken cancellationToken);

    /// <summary>Stores the rows a rerun job skips (its source job did them); returns the blob's name for <c>JobInput.SkipBlob</c>.</summary>
    Task<string> SaveSkipAsync(string jobId, RowRanges rows, CancellationToken cancellationToken);

    /// <summary>The rows a rerun job skips.</summary>
    Task<RowRanges> LoadSkipAsync(string skipBlob, CancellationToken cancellationToken);

    /// <summary>
    /// Stores an undo job's input (<c>undo/{jobId}/users.csv</c> in the state container: the users the source job
    /// created, written by Ferry) and returns its reference for <c>JobInput.Blob</c>.
    /// </summary>
    Task<BlobRef> SaveUndoInputAsync(string jobId, Stream csv, CancellationToken cancellationToken);

    /// <summary>Stores the groups the source job created, for an undo job's groups step.</summary>
    Task SaveUndoGroupsAsync(string jobId, IReadOnlyList<UndoGroup> groups, CancellationToken cancellationToken);

    /// <summary>The groups an undo job considers deleting (none when the source job created none).</summary>
    Task<IReadOnlyList<UndoGroup>> LoadUndoGroupsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Deletes everything of the job's above (purge).</summary>
    Task DeleteAsync(string jobId, CancellationToken cancellationToken);
}
