using Azure.Storage.Blobs.Models;
using Ferry.Core.Reports;
using Ferry.Server.Storage;

namespace Ferry.Server.Reports;

/// <summary>Reports as blobs: <c>{reports container}/{instanceId}/{name}</c>.</summary>
public sealed class BlobReportSink(FerryBlobStorage storage, string instanceId) : IReportSink
{
    public static string BlobName(string instanceId, string name) => $"{instanceId}/{name}";

    public async Task<Stream> OpenWriteAsync(string name, string contentType, CancellationToken cancellationToken) =>
        await storage.Reports.GetBlobClient(BlobName(instanceId, name)).OpenWriteAsync(
            overwrite: true,
            new Azure.Storage.Blobs.Models.BlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
}
