using Azure.Storage.Blobs.Models;
using Ferry.Core.Reports;
using Ferry.Orchestration.Storage;

namespace Ferry.Storage.Reports;

/// <summary>
/// Reports as blobs, <c>{reports container}/{instanceId}/{name}</c>, each replaced in one step when written in full
/// (<see cref="StagedBlobWriteStream"/>), so a report read while a job runs is always a whole one.
/// </summary>
public sealed class BlobReports(FerryStorage storage) : IJobReports
{
    public static IReadOnlyList<string> Names { get; } = [ReportNames.Results, ReportNames.Failed, ReportNames.Summary];

    public static string BlobName(string jobId, string report) => $"{BlobGuard.CheckedJobId(jobId)}/{report}";

    public IReportSink For(string jobId) => new Sink(storage, jobId);

    public string PathOf(string jobId, string report) => $"{storage.Reports.Name}/{BlobName(jobId, report)}";

    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        foreach (var name in Names)
        {
            await storage.Reports.GetCheckedBlobClient(BlobName(jobId, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private sealed class Sink(FerryStorage storage, string jobId) : IReportSink
    {
        public Task<Stream> OpenWriteAsync(string name, string contentType, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new StagedBlobWriteStream(
                storage.Reports.GetCheckedBlockBlobClient(BlobName(jobId, name)),
                new BlobHttpHeaders { ContentType = contentType }));
    }
}
