using System.Globalization;
using System.Text.Json;
using Azure;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Storage;
using Ferry.Storage.Documents;

namespace Ferry.Storage.Progress;

/// <summary>
/// A running batch's counts in the state container: <c>jobs/{instanceId}/live/{phase}/{slice:D6}-{batch:D6}.json</c>,
/// overwritten while its first pass runs, deleted with the job's other documents (purge).
/// </summary>
public sealed class LiveProgressStore(FerryStorage storage) : ILiveProgress
{
    public async Task WriteAsync(string jobId, string phase, int slice, int batch, LiveBatch counts, CancellationToken cancellationToken) =>
        await storage.State.GetCheckedBlobClient(Name(jobId, phase, slice, batch)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(counts, StorageJsonContext.Default.LiveBatch)),
            overwrite: true,
            cancellationToken);

    public async Task<LiveBatch?> ReadAsync(string jobId, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.State.GetCheckedBlobClient(Name(jobId, phase, slice, batch)).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.LiveBatch);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string Name(string jobId, string phase, int slice, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobDocumentStore.Prefix(jobId)}live/{phase}/{slice:D6}-{batch:D6}.json");
}
