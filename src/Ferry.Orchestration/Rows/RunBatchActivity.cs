using Ferry.Core.Auth0Api;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;
using Ferry.Core.RateLimiting;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// Runs one pass over one batch of a slice: reads the batch's rows from the pinned input by byte range (rows live in
/// memory only, never in a message), runs each through the domain's <see cref="RowProcessor"/> (and activates the
/// users an import created, when asked) on the slots leased for the batch, and stores the outcomes in the batch's
/// outcome blob. The first pass takes the rows; a retry pass runs again the rows whose failure was worth another try.
/// The blob is the commit: a batch already stored by this pass (an earlier execution that was not recorded) is
/// returned as stored, and of two executions writing at once one wins and the other returns what it wrote. A row
/// sent twice is harmless: creates are idempotent. While it runs it watches its job's stop (<see cref="BatchStop"/>):
/// once the job is suspended or terminated no further request is sent, and the rows not reached run again later.
/// </summary>
public sealed partial class RunBatchActivity(
    IJobDocuments documents,
    IJobInputs inputs,
    IOutcomeBatches outcomes,
    ILiveProgress live,
    IJobStops stops,
    NodeStopping node,
    OktaClientFactory okta,
    Auth0Client auth0,
    IOptions<JobsOptions> jobs,
    TimeProvider time,
    ILogger<RunBatchActivity> logger) : TaskActivity<BatchWork, BatchResult>
{
    public const string Name = "RunBatch";

    public override async Task<BatchResult> RunAsync(TaskActivityContext context, BatchWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.ScheduledAt is { } scheduledAt)
        {
            FerryTelemetry.QueueLag(Name, time.GetUtcNow() - scheduledAt);
        }

        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Batch, work.JobId)?
            .SetTag(FerryTelemetry.Tags.Phase, work.Phase)
            .SetTag(FerryTelemetry.Tags.Slice, work.Slice)
            .SetTag(FerryTelemetry.Tags.Batch, work.Batch)
            .SetTag(FerryTelemetry.Tags.Pass, work.Pass);
        var cancellationToken = CancellationToken.None;
        var stored = await outcomes.ReadAsync(work.JobId, work.Phase, work.Slice, work.Batch, cancellationToken);
        if (stored is not null && stored.Record.Pass >= work.Pass)
        {
            // Done before (an execution whose result was lost with its node): nothing is sent now.
            return Result(stored.Record, 0, new LeaseBatchBudget(work.Grants, time), new OktaCallMetrics());
        }

        var job = await documents.LoadAsync(work.JobId, cancellationToken);
        var options = JobOptionsReader.ReadValid(job.Options);
        options = options with { DryRun = options.DryRun || work.Phase == JobPhases.DryRun };
        var groups = options.NeedsGroups() ? await documents.LoadGroupsAsync(work.JobId, work.Phase, cancellationToken) : GroupResolution.Empty;
        var startedAt = time.GetUtcNow();
        var budget = new LeaseBatchBudget(work.Grants, time);
        var metrics = new OktaCallMetrics();
        var processor = new RowProcessor(okta.Create(metrics, budget, time, OktaScopes.For(options)), new JobContext(options, job.StartedAt, groups), time);
        var auth0Undo = options is { Kind: JobKind.Undo, Target: JobTarget.Auth0 } ? new Auth0UndoProcessor(auth0, options.DryRun, options.Connection, job.UndoOf, metrics) : null;
        var slice = job.Plan.Slices[work.Slice];

        var start = stored?.Record.Start ?? work.Start ?? new BatchStart(slice.StartByte, slice.FirstRow, slice.FirstLine);
        var lastRow = stored?.Outcomes.Count > 0 ? stored.Outcomes[^1].Row : (int?)null;
        var (rows, next) = await ReadRowsAsync(job, slice, start, stored is null ? work.Rows : int.MaxValue, lastRow, cancellationToken);
        var results = stored?.Outcomes.ToArray() ?? new RowOutcome[rows.Count];
        if (results.Length != rows.Count)
        {
            throw new InvalidDataException($"Batch {work.Batch} of slice {work.Slice} holds {results.Length} outcomes but {rows.Count} rows were read again: the input changed.");
        }

        // A retry pass runs, as far as its slots go and in order, the rows worth another try that its round has not
        // tried yet: those after the round's last pass, and those that pass could not send (no slot).
        var candidates = stored is null
            ? [.. Enumerable.Range(0, rows.Count)]
            : Enumerable.Range(0, rows.Count).Where(i => results[i].Retryable && (work.AfterRow is not { } after || results[i].Row > after || OktaRateLimitHandler.IsBudgetSpent(results[i].ErrorSummary))).ToList();
        var todo = stored is null ? candidates : [.. candidates.Take(work.Rows)];
        await using var counter = stored is null ? new LiveBatchCounter(live, work, time) : null;
        if (counter is not null)
        {
            // An execution before this one (its node lost) checkpointed the rows it had done: they are not sent again.
            var done = (await live.ReadDoneAsync(work.JobId, work.Phase, work.Slice, work.Batch, cancellationToken)).ToDictionary(o => o.Row);
            if (done.Count > 0)
            {
                todo = [.. todo.Where(i => !done.ContainsKey(rows[i].Row))];
                for (var i = 0; i < rows.Count; i++)
                {
                    if (done.TryGetValue(rows[i].Row, out var kept))
                    {
                        results[i] = kept;
                        counter.Add(kept);
                    }
                }

                LogResumed(logger, work.JobId, work.Phase, work.Slice, work.Batch, done.Count, todo.Count);
            }
        }

        await using var stop = await BatchStop.StartAsync(stops, work.JobId, budget, node, time);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = jobs.Value.RowParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(todo, parallel, async (i, token) =>
            {
                var outcome = auth0Undo is null ? await RunRowAsync(processor, rows[i], token) : await auth0Undo.ProcessAsync(rows[i], budget.Stopping, token);
                results[i] = Keep(results[i], outcome);
                counter?.Add(results[i]);
            });
        }
        catch (OktaUnauthorizedException e)
        {
            LogUnauthorized(logger, work.JobId, e.Code);
            return new BatchResult(0, null, RowTally.Empty, 0, 0, 0, 0, [], todo.Count, metrics.Snapshot(), budget.Usage(), e.Message, e.Code);
        }

        span?.SetTag(FerryTelemetry.Tags.Rows, todo.Count);
        foreach (var i in todo)
        {
            FerryTelemetry.CountRow(FerryTelemetry.Okta, results[i].Action, results[i].ErrorCode);
        }

        if (counter is not null)
        {
            await counter.FinishAsync(retrying: results.Any(r => r.Retryable));
        }

        var record = new BatchRecord(
            work.Pass,
            start,
            results.Length,
            stored is null ? next : stored.Record.Next,
            RowTally.Of(results),
            results.Count(r => r.Retryable),
            (stored?.Record.Calls ?? CallCounts.Empty).Plus(metrics.Snapshot()),
            todo.Count > 0 ? results[todo[^1]].Row : work.AfterRow ?? 0,
            stored is null ? 0 : candidates.Count - todo.Count + todo.Count(i => OktaRateLimitHandler.IsBudgetSpent(results[i].ErrorSummary)));
        var written = await outcomes.TryWriteAsync(work.JobId, work.Phase, work.Slice, work.Batch, results, record, stored?.ETag, cancellationToken);
        LogBatch(logger, work.JobId, work.Phase, work.Slice, work.Batch, work.Pass, results.Length, todo.Count, record.Retryable, string.Join(",", budget.Spent), written);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogSlots(logger, work.JobId, work.Slice, work.Batch, work.Pass, startedAt, string.Join("; ", work.Grants.Select(g => $"{g.Bucket} #{g.LeaseId} {g.Count} slots {string.Join(" ", g.Slots.Select(r => $"[{r.Count}x e{r.Epoch} from {r.First:HH:mm:ss.fff} every {r.Interval.TotalMilliseconds:F0} ms, last send {r.LastSend:HH:mm:ss.fff}]"))}")), string.Join("; ", budget.Usage().Select(u => $"{u.Bucket} unused {u.Unused.Sum(x => x.Count)} answered {u.Answers.Sum(a => a.Count)}")));
        }
        if (!written)
        {
            // Another execution of this batch stored it first: its outcomes stand.
            var winner = await outcomes.ReadAsync(work.JobId, work.Phase, work.Slice, work.Batch, cancellationToken)
                ?? throw new InvalidOperationException($"Batch {work.Batch} of slice {work.Slice} was written by another execution but cannot be read.");
            record = winner.Record;
        }

        return Result(record, todo.Count, budget, metrics) with
        {
            Transient = written ? results.Count(r => r.Retryable && !OktaRateLimitHandler.IsBudgetSpent(r.ErrorSummary)) : record.Retryable,
            Stopped = budget.Stopped,
            RowsLeft = record.Next is { } following ? slice.FirstRow + slice.RowCount - following.Row : 0,
        };
    }

    /// <summary>A row that met a real failure before keeps it when its next try found no slot: the report says why it failed.</summary>
    private static RowOutcome Keep(RowOutcome before, RowOutcome now) =>
        before is not null && before.Retryable && !OktaRateLimitHandler.IsBudgetSpent(before.ErrorSummary) && OktaRateLimitHandler.IsBudgetSpent(now.ErrorSummary)
            ? before
            : now;

    /// <summary>One row's main step, then its activation when the job asks for it.</summary>
    private static async Task<RowOutcome> RunRowAsync(RowProcessor processor, ParsedRow row, CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(row, cancellationToken);
        return row.User is { } user && processor.NeedsActivation(outcome) ? await processor.ActivateAsync(user, outcome, cancellationToken) : outcome;
    }

    /// <summary>
    /// The batch's rows from <paramref name="start"/>: up to <paramref name="take"/> rows that call Okta (invalid rows
    /// come along), or every row up to <paramref name="lastRow"/> when a retry pass reads its batch again; and where
    /// the next batch starts (null at the slice's end). A rerun reads only its lines.
    /// </summary>
    private async Task<(List<ParsedRow> Rows, BatchStart? Next)> ReadRowsAsync(JobDocument job, CsvSlice slice, BatchStart start, int take, int? lastRow, CancellationToken cancellationToken)
    {
        var rest = slice with { StartByte = start.Byte, FirstRow = start.Row, FirstLine = start.Line, RowCount = slice.RowCount - (start.Row - slice.FirstRow) };
        var rows = new List<ParsedRow>();
        var calling = 0;
        await using var stream = await inputs.OpenRangeAsync(job.Input, rest.StartByte, rest.EndByte, cancellationToken);
        await foreach (var row in CsvJobReader.ReadSliceAsync(stream, job.Plan, rest, cancellationToken))
        {
            if (lastRow is { } last ? row.Row > last : calling == take)
            {
                return (rows, new BatchStart(row.StartByte, row.Row, row.Line));
            }

            if ((job.Lines is { } lines && !lines.Contains(row.Line)) || job.Skip?.Contains(row.Row) == true)
            {
                continue;
            }

            rows.Add(row);
            calling += row.User is null ? 0 : 1;
        }

        return (rows, null);
    }

    private static BatchResult Result(BatchRecord record, int processed, LeaseBatchBudget budget, OktaCallMetrics metrics) =>
        new(record.Rows, record.Next, record.Tally, record.Retryable, record.Retryable, record.LastRow, record.LeftInRound, budget.Spent, processed, metrics.Snapshot(), budget.Usage());

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Job {JobId} {Phase} slice {Slice} batch {Batch} pass {Pass}: {Rows} rows, {Run} run, {Retryable} to run again (slots used up: {Spent}); stored: {Written}")]
    private static partial void LogBatch(ILogger logger, string jobId, string phase, int slice, int batch, int pass, int rows, int run, int retryable, string spent, bool written);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Job {JobId} slice {Slice} batch {Batch} pass {Pass}, started {StartedAt:HH:mm:ss.fff}: leased {Grants}; given back {Usage}")]
    private static partial void LogSlots(ILogger logger, string jobId, int slice, int batch, int pass, DateTimeOffset startedAt, string grants, string usage);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Job {JobId} {Phase} slice {Slice} batch {Batch}: an earlier execution had done {Done} rows (its checkpoint); {Left} to run")]
    private static partial void LogResumed(ILogger logger, string jobId, string phase, int slice, int batch, int done, int left);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Job {JobId}: Okta refused Ferry's credentials or a scope ({Code}); the job stops")]
    private static partial void LogUnauthorized(ILogger logger, string jobId, string code);
}
