using Ferry.Core.Okta;
using Ferry.Core.Outcomes;
using Ferry.Core.Reports;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Ferry.Orchestration.Reports;

/// <summary>
/// Writes a job's results.csv, failed.csv and summary.json from its outcome blobs, in input order — the blobs are the
/// record, so a report is the same whichever node writes it and however often the job was interrupted. Counts and
/// calls come from the blobs' records, the groups from the groups phase's documents. An interim version of a job
/// larger than <see cref="JobsOptions.InterimResultsMaxRows"/> is only summary.json, counted from the listing. The final
/// report of a job that stopped early (terminated, or failed mid-way) shows the rows its last batches had not sent as
/// <c>not-attempted</c>, and counts them with the rows it never reached in <c>rowsNotAttempted</c>.
/// </summary>
public sealed class WriteReportsActivity(
    IJobDocuments documents,
    IOutcomeBatches outcomes,
    IJobReports reports,
    RenderedBatches rendered,
    IOptions<JobsOptions> jobs) : TaskActivity<ReportRequest, ReportResult>
{
    public const string Name = "WriteReports";

    /// <summary>Group problems carried in the orchestration's output (summary.json has them all).</summary>
    private const int ProblemsInOutput = 100;

    private static readonly string[] CallPhases = [JobPhases.DryRun, JobPhases.Rows];

    public override async Task<ReportResult> RunAsync(TaskActivityContext context, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Report, request.JobId)?
            .SetTag(FerryTelemetry.Tags.Phase, request.Phase);
        var cancellationToken = CancellationToken.None;
        var job = await documents.TryLoadAsync(request.JobId, cancellationToken);
        var auth0 = job is null ? await documents.TryLoadAuth0Async(request.JobId, cancellationToken) : null;
        var options = JobOptionsReader.Read(request.Input.Options).Options ?? new Core.Jobs.JobOptions();
        var calls = CallCounts.Empty;
        var entries = new List<BatchEntry>();
        var groups = GroupsSummary.None;
        if (job is not null || auth0 is not null)
        {
            foreach (var phase in CallPhases)
            {
                calls = calls.Plus(await documents.LoadGroupCallsAsync(request.JobId, phase, cancellationToken));
                await foreach (var entry in outcomes.ListAsync(request.JobId, phase, cancellationToken))
                {
                    calls = calls.Plus(entry.Record.Calls);
                    if (phase == request.Phase)
                    {
                        entries.Add(entry);
                    }
                }
            }

            if (job is not null && options.NeedsGroups() && job.Plan.GroupNames.Count > 0)
            {
                groups = SummaryBuilder.Groups(await documents.LoadGroupsAsync(request.JobId, GroupsPhase(request), cancellationToken));
            }
        }

        var given = job is not null
            ? job.Lines?.Count ?? (int)(job.Plan.RowCount - (job.Skip?.CountWithin(1, job.Plan.RowCount) ?? 0))
            : auth0?.Plan.RowCount ?? 0;
        JobSummary Build(OutcomeTally tally) => SummaryBuilder.Build(
            request.Input.Blob.Name,
            options,
            request.Outcome,
            request.Failure,
            tally,
            groups,
            calls,
            job?.Plan.Header.IgnoredHeaders ?? auth0?.Plan.IgnoredColumns ?? [],
            request.StartedAt,
            request.FinishedAt,
            request.PhaseSeconds) with
        {
            RowsNotAttempted = Math.Max(0, given - (tally.Rows - tally.Actions.GetValueOrDefault(RowAction.NotAttempted))),
            Warnings = auth0?.Plan.Warnings ?? [],
        };

        var sink = reports.For(request.JobId);
        JobSummary summary;
        var renderAll = !request.Interim || (job?.Plan.RowCount ?? auth0?.Plan.RowCount ?? 0) <= jobs.Value.InterimResultsMaxRows;
        if (renderAll)
        {
            JobSummary? written = null;
            await ReportWriter.WriteAsync(sink, Batches(request, entries, cancellationToken), tally => written = Build(tally), cancellationToken);
            summary = written!;
            if (!request.Interim)
            {
                rendered.Forget(request.JobId);
            }
        }
        else
        {
            var tally = entries.Aggregate(RowTally.Empty, (sum, entry) => sum.Plus(entry.Record.Tally));
            summary = Build(tally.ToTally());
            await ReportWriter.WriteSummaryAsync(sink, summary, cancellationToken);
        }

        return new ReportResult(summary with { Groups = summary.Groups with { Problems = [.. summary.Groups.Problems.Take(ProblemsInOutput)] } });
    }

    /// <summary>A row the job stopped before sending (its slots given back, never sent) is reported not attempted.</summary>
    private static RowOutcome NotAttempted(RowOutcome outcome) =>
        outcome.Retryable && OktaRateLimitHandler.IsBudgetSpent(outcome.ErrorSummary)
            ? outcome with
            {
                Action = RowAction.NotAttempted,
                ErrorCode = RowErrorCodes.NotAttempted,
                ErrorSummary = "not sent: the job stopped before this row's turn; a rerun of the job runs it",
                Retryable = false,
            }
            : outcome;

    /// <summary>The groups the report's phase used: the dry run's (would-create) or the real ones.</summary>
    private static string GroupsPhase(ReportRequest request) => request.Phase == JobPhases.DryRun ? JobPhases.DryRun : JobPhases.Rows;

    private async IAsyncEnumerable<ReportBatch> Batches(ReportRequest request, List<BatchEntry> entries, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            // Rendered for an earlier version of the reports (same blob, same ETag): the same bytes.
            var stoppedEarly = !request.Interim && request.Outcome != JobOutcomes.Completed;
            if (!stoppedEarly && rendered.Get(request.JobId, entry.Name, entry.ETag) is { } known)
            {
                yield return known;
                continue;
            }

            var read = await outcomes.ReadOutcomesAsync(entry, cancellationToken);
            var batch = ReportBatch.Render(stoppedEarly ? [.. read.Select(NotAttempted)] : read);
            if (request.Interim)
            {
                rendered.Keep(request.JobId, entry.Name, entry.ETag, batch);
            }

            yield return batch;
        }
    }
}
