using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.Extensions.Options;

namespace Ferry.Storage.Inputs;

/// <summary>
/// Jobs' inputs: pins a job's input (a snapshot of the exact version that started it), reads it whole or by byte
/// range, tags or deletes it when the job ends. Only the inbox container — and the containers of
/// <c>Ferry:Jobs:AllowedInputContainers</c> — can be a job's input: the storage account also holds Ferry's own
/// state, its reports and, on Azure, the Functions host's secrets and the task hub. Every blob client comes from
/// <see cref="BlobGuard"/>, so a name such as <c>../private-x/users.csv</c> cannot leave the container either.
/// </summary>
public sealed class InputBlobs(FerryStorage storage, IOptions<JobsOptions> jobs) : IJobInputs
{
    public bool IsAllowed(string container) =>
        string.Equals(container, storage.Inbox.Name, StringComparison.Ordinal)
        || jobs.Value.AllowedContainers().Contains(container, StringComparer.Ordinal);

    public bool IsUndoInput(string jobId, BlobRef input) =>
        input is not null
        && string.Equals(input.Container, storage.State.Name, StringComparison.Ordinal)
        && string.Equals(input.Name, UndoInputName(jobId), StringComparison.Ordinal);

    /// <summary>Where an undo job's input lives in the state container.</summary>
    public static string UndoInputName(string jobId) => $"{UndoFolder}{BlobGuard.CheckedJobId(jobId)}{UndoFile}";

    private const string UndoFolder = "undo/";
    private const string UndoFile = "/users.csv";

    /// <summary>Snapshots the blob if it still has <paramref name="etag"/>; null when it changed or vanished (a newer version gets its own job).</summary>
    public async Task<BlobRef?> PinAsync(string container, string name, string etag, CancellationToken cancellationToken)
    {
        if (!IsAllowed(container))
        {
            throw new InvalidOperationException($"A job may not read from the container '{container}'.");
        }

        var blob = storage.Container(container).GetCheckedBlobClient(name);
        try
        {
            var snapshot = await blob.CreateSnapshotAsync(
                conditions: new BlobRequestConditions { IfMatch = new ETag(etag) },
                cancellationToken: cancellationToken);
            var properties = await blob.WithSnapshot(snapshot.Value.Snapshot).GetPropertiesAsync(cancellationToken: cancellationToken);
            return new BlobRef(container, name, etag, snapshot.Value.Snapshot, properties.Value.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<Stream> OpenAsync(BlobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await Client(input).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
    }

    public async Task<Stream> OpenRangeAsync(BlobRef input, long start, long end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (end <= start)
        {
            return new MemoryStream();
        }

        var download = await Client(input).DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(start, end - start) }, cancellationToken);
        return download.Value.Content;
    }

    public async Task TagAsync(BlobRef input, string instanceId, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsAllowed(input.Container))
        {
            return; // never a job's input: left alone
        }

        if (storage.Container(input.Container).TryGetCheckedBlobClient(input.Name, out var blob) is not null)
        {
            return; // a name no job could have read: left alone
        }

        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ETag.ToString() == input.ETag)
            {
                await blob.SetTagsAsync(new Dictionary<string, string> { ["ferryInstanceId"] = instanceId, ["ferryStatus"] = status }, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The input was deleted or replaced: nothing to tag.
        }
    }

    /// <summary>Deletes the input and its snapshots — only if it is still the version the job read.</summary>
    public async Task DeleteAsync(BlobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsAllowed(input.Container))
        {
            return; // never a job's input: left alone
        }

        if (storage.Container(input.Container).TryGetCheckedBlobClient(input.Name, out var blob) is not null)
        {
            return; // a name no job could have read: left alone
        }

        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = new ETag(input.ETag) }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // A newer upload replaced it; only this job's snapshot goes.
            await blob.WithSnapshot(input.Snapshot).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>An undo job's input: <c>undo/{job id}/users.csv</c> in the state container, and nothing else there.</summary>
    private bool IsOwnUndoInput(BlobRef input) =>
        string.Equals(input.Container, storage.State.Name, StringComparison.Ordinal)
        && input.Name.Length > UndoFolder.Length + UndoFile.Length
        && input.Name.StartsWith(UndoFolder, StringComparison.Ordinal) && input.Name.EndsWith(UndoFile, StringComparison.Ordinal)
        && Ferry.Core.Security.JobIds.IsValid(input.Name[UndoFolder.Length..^UndoFile.Length]);

    private Azure.Storage.Blobs.BlobClient Client(BlobRef input)
    {
        if (!IsAllowed(input.Container) && !IsOwnUndoInput(input))
        {
            throw new InvalidOperationException($"A job may not read from the container '{input.Container}'.");
        }

        var blob = storage.Container(input.Container).GetCheckedBlobClient(input.Name);
        return input.Snapshot is null ? blob : blob.WithSnapshot(input.Snapshot);
    }
}
