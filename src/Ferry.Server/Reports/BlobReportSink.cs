using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Reports;
using Ferry.Server.Storage;

namespace Ferry.Server.Reports;

/// <summary>
/// Reports as blobs: <c>{reports container}/{instanceId}/{name}</c>, each replaced in one step when written in full
/// (<see cref="StagedBlobWriteStream"/>), so a report read while a job runs is always a whole one.
/// </summary>
public sealed class BlobReportSink(FerryBlobStorage storage, string instanceId) : IReportSink
{
    public static string BlobName(string instanceId, string name) => $"{instanceId}/{name}";

    public Task<Stream> OpenWriteAsync(string name, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new StagedBlobWriteStream(
            storage.Reports.GetBlockBlobClient(BlobName(instanceId, name)),
            new BlobHttpHeaders { ContentType = contentType }));
}
