using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Outcomes;
using Ferry.Orchestration.Storage;

namespace Ferry.Storage.Outcomes;

/// <summary>
/// Row outcomes in the state container, one JSON-lines blob per batch:
/// <c>outcomes/{instanceId}/{phase}/{slice:D6}/{batch:D6}.jsonl</c>, names sorting in input order, the batch's
/// <see cref="BatchRecord"/> in the blob's metadata (so a listing yields every batch's counts without a read).
/// Writes are conditional: only if absent, or only if unchanged since read.
/// </summary>
public sealed class OutcomeBatchStore(FerryStorage storage) : IOutcomeBatches
{
    private const string RecordKey = "ferrybatch";

    public static string Prefix(string jobId) => $"outcomes/{BlobGuard.CheckedJobId(jobId)}/";

    public static string BatchName(string jobId, string phase, int slice, int batch) =>
        $"{Prefix(jobId)}{phase}/{slice:D6}/{batch:D6}.jsonl";

    public async Task<StoredBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        try
        {
            var download = await storage.State.GetCheckedBlobClient(BatchName(jobId, phase, slice, batch)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var content = download.Value;
            return new StoredBatch(await OutcomeLines.ReadAsync(content, cancellationToken), Record(content.Details.Metadata), Unquoted(content.Details.ETag));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteAsync(string jobId, string phase, int slice, int batch, IReadOnlyList<RowOutcome> outcomes, BatchRecord record, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        using var buffer = OutcomeLines.Write(outcomes);
        try
        {
            await storage.State.GetCheckedBlobClient(BatchName(jobId, phase, slice, batch)).UploadAsync(BinaryData.FromBytes(buffer.WrittenMemory), new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [RecordKey] = Encode(record) },
                Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag($"\"{ifMatch}\"") },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<BatchEntry> ListAsync(string jobId, string phase, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{Prefix(jobId)}{phase}/", cancellationToken))
        {
            yield return new BatchEntry(item.Name, Unquoted(item.Properties.ETag), Record(item.Metadata));
        }
    }

    public async Task<IReadOnlyList<RowOutcome>> ReadOutcomesAsync(BatchEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var download = await storage.State.GetCheckedBlobClient(entry.Name).DownloadStreamingAsync(cancellationToken: cancellationToken);
        using var content = download.Value;
        return await OutcomeLines.ReadAsync(content, cancellationToken);
    }

    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix(jobId), cancellationToken))
        {
            // A name Ferry never writes (someone with storage access put it there) is left alone: it cannot be addressed safely.
            if (storage.State.TryGetCheckedBlobClient(item.Name, out var blob) is null)
            {
                await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Listings and downloads quote ETags differently: keep them bare.</summary>
    private static string Unquoted(ETag? etag) => etag?.ToString().Trim('"') ?? "";

    /// <summary>Metadata values are ASCII: the record's JSON, base64.</summary>
    private static string Encode(BatchRecord record) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(record, StorageJsonContext.Default.BatchRecord));

    private static BatchRecord Record(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(RecordKey, out var value)
            ? JsonSerializer.Deserialize(Convert.FromBase64String(value), StorageJsonContext.Default.BatchRecord)!
            : throw new InvalidDataException("An outcome blob without its batch record: it was not written by Ferry.");
}
