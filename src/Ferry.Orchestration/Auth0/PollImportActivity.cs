using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Core.Telemetry;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Auth0;

/// <summary>Reads an Auth0 import job's status, progress and totals (<c>GET /api/v2/jobs/{id}</c>); <c>gone</c> when Auth0 no longer knows it.</summary>
public sealed class PollImportActivity(Auth0Client auth0) : TaskActivity<PollImport, PollImportResult>
{
    public const string Name = "PollAuth0Import";

    public override async Task<PollImportResult> RunAsync(TaskActivityContext context, PollImport work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Auth0ChunkPoll, work.JobId);
        var metrics = new OktaCallMetrics();
        var seen = await auth0.GetJobAsync(work.ImportJobId, metrics, CancellationToken.None);
        if (seen.Failed)
        {
            return seen.Failure.Kind == Auth0FailureKind.NotFound
                ? new PollImportResult(PollImportResult.Gone, null, null, null, null, metrics.Snapshot())
                : new PollImportResult(string.Empty, null, null, null, ChunkFailures.Of(seen.Failure), metrics.Snapshot());
        }

        var job = seen.Value!;
        return new PollImportResult(job.Status, job.PercentageDone, job.TimeLeftSeconds, job.Summary, null, metrics.Snapshot());
    }
}
