using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Outcomes;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Storage;
using Ferry.Storage.Documents;
using Ferry.Storage.Outcomes;

namespace Ferry.Storage.Progress;

/// <summary>
/// A running batch's checkpoint in the state container: <c>jobs/{instanceId}/live/{phase}/{slice:D6}-{batch:D6}.jsonl</c>,
/// the outcomes of its rows done so far as JSON lines, their counts in the blob's metadata (read with a HEAD, without the
/// body), overwritten while its first pass runs, deleted with the job's other documents (purge).
/// </summary>
public sealed class LiveProgressStore(FerryStorage storage) : ILiveProgress
{
    private const string RowsKey = "rows";
    private const string SucceededKey = "succeeded";
    private const string FailedKey = "failed";
    private const string InvalidKey = "invalid";

    public async Task WriteAsync(string jobId, string phase, int slice, int batch, LiveBatch counts, IReadOnlyList<RowOutcome> done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(done);
        using var buffer = OutcomeLines.Write(done);
        await storage.State.GetCheckedBlobClient(Name(jobId, phase, slice, batch)).UploadAsync(
            BinaryData.FromBytes(buffer.WrittenMemory),
            new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string>
                {
                    [RowsKey] = Text(counts.Rows),
                    [SucceededKey] = Text(counts.Succeeded),
                    [FailedKey] = Text(counts.Failed),
                    [InvalidKey] = Text(counts.Invalid),
                },
            },
            cancellationToken);
    }

    public async Task<LiveBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = (await storage.State.GetCheckedBlobClient(Name(jobId, phase, slice, batch)).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
            return new LiveBatch(Number(metadata, RowsKey), Number(metadata, SucceededKey), Number(metadata, FailedKey), Number(metadata, InvalidKey));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RowOutcome>> ReadDoneAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        try
        {
            var download = await storage.State.GetCheckedBlobClient(Name(jobId, phase, slice, batch)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var content = download.Value;
            return await OutcomeLines.ReadAsync(content, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Number(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Name(string jobId, string phase, int slice, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobDocumentStore.Prefix(jobId)}live/{phase}/{slice:D6}-{batch:D6}.jsonl");
}
