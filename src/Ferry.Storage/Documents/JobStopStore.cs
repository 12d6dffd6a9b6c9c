using Azure;
using Ferry.Orchestration.Storage;

namespace Ferry.Storage.Documents;

/// <summary>
/// A job's stop in the state container: <c>jobs/{instanceId}/stop</c> (the reason, a few bytes), there while the job is
/// suspended or being terminated; deleted with the job's other documents (purge).
/// </summary>
public sealed class JobStopStore(FerryStorage storage) : IJobStops
{
    public async Task SetAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        await storage.State.GetCheckedBlobClient(Name(jobId)).UploadAsync(BinaryData.FromString(reason), overwrite: true, cancellationToken);

    public async Task ClearAsync(string jobId, CancellationToken cancellationToken) =>
        await storage.State.GetCheckedBlobClient(Name(jobId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    public async Task<bool> IsSetAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.State.GetCheckedBlobClient(Name(jobId)).ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static string Name(string jobId) => $"{JobDocumentStore.Prefix(jobId)}stop";
}
