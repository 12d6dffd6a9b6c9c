using Ferry.Core.Reports;

namespace Ferry.Orchestration.Storage;

/// <summary>The reports container: <c>{instanceId}/results.csv</c>, <c>failed.csv</c>, <c>summary.json</c>.</summary>
public interface IJobReports
{
    IReportSink For(string jobId);

    /// <summary>The blob paths of the job's reports, <c>{container}/{instanceId}/{name}</c>, for the status payload.</summary>
    string PathOf(string jobId, string report);

    Task DeleteAsync(string jobId, CancellationToken cancellationToken);
}
