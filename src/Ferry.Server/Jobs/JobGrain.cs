using System.Text.Json;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;
using Ferry.Core.Reports;
using Ferry.Server.Inbox;
using Ferry.Server.Reports;
using Ferry.Server.Slices;
using Ferry.Server.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Ferry.Server.Jobs;

/// <summary>
/// The orchestrator. A driver timer (kept alive while the job runs) advances the job one step at a time —
/// plan → groups → (dry run → wait for approval) → rows → activation → reports — and persists after each step, so
/// whichever node activates the grain next carries on from there. Rows are never held here: workers read their
/// slices from the input blob and keep their outcomes in outcome blobs. Reentrant so status queries and worker
/// reports interleave with a long step.
/// </summary>
[Reentrant]
public sealed partial class JobGrain(
    [PersistentState("job", FerryStorageNames.Default)] IPersistentState<JobState> state,
    InputBlobs inputs,
    OutcomeStore outcomes,
    FerryBlobStorage storage,
    OktaClientFactory oktaFactory,
    IOptions<JobsOptions> jobsOptions,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    private readonly JobsOptions _jobs = jobsOptions.Value;
    private IGrainTimer? _driver;
    private bool _advancing;
    private bool _dirty;
    private DateTimeOffset _lastWrite;
    private readonly Dictionary<string, (string ETag, ReportBatch Batch)> _rendered = new(StringComparer.Ordinal);

    private JobState Job => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !JobRuntimeStatus.IsFinished(Job.RuntimeStatus) && Job.RuntimeStatus != JobRuntimeStatus.Suspended)
        {
            StartDriver();
        }

        return Task.CompletedTask;
    }

    public async Task<JobStartResult> StartAsync(JobStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.RecordExists)
        {
            return new JobStartResult(false, Job.RuntimeStatus);
        }

        var now = time.GetUtcNow();
        Job.InstanceId = this.GetPrimaryKeyString();
        Job.Name = request.Input.Name;
        Job.Input = request.Input;
        Job.Options = new Dictionary<string, string>(request.Options);
        Job.RuntimeStatus = JobRuntimeStatus.Pending;
        Job.Phase = JobPhase.Planning;
        Job.CreatedTime = now;
        Job.LastUpdatedTime = now;
        Job.RerunOf = request.RerunOf;
        Job.LinesBlob = request.LinesBlob;
        await state.WriteStateAsync();
        LogStarted(logger, Job.InstanceId, request.Input.Container, request.Input.Name);
        StartDriver();
        return new JobStartResult(true, Job.RuntimeStatus);
    }

    public async Task<JobStatusView?> GetStatusAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        await Task.CompletedTask;
        return View();
    }

    public Task EnsureRunningAsync()
    {
        if (state.RecordExists && Job.RuntimeStatus is JobRuntimeStatus.Pending or JobRuntimeStatus.Running)
        {
            StartDriver();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> TerminateAsync(string? reason)
    {
        if (!state.RecordExists || JobRuntimeStatus.IsFinished(Job.RuntimeStatus))
        {
            return false;
        }

        Job.RuntimeStatus = JobRuntimeStatus.Terminated;
        Job.StatusReason = reason ?? "terminated";
        await SaveAsync(force: true);
        // The report (what was done up to now) is written by the driver, then it stops.
        StartDriver();
        return true;
    }

    public async Task<bool> SuspendAsync(string? reason)
    {
        if (!state.RecordExists || Job.RuntimeStatus is not (JobRuntimeStatus.Running or JobRuntimeStatus.Pending))
        {
            return false;
        }

        Job.RuntimeStatus = JobRuntimeStatus.Suspended;
        Job.StatusReason = reason ?? "suspended";
        await SaveAsync(force: true);
        return true;
    }

    public async Task<bool> ResumeAsync(string? reason)
    {
        if (!state.RecordExists || Job.RuntimeStatus != JobRuntimeStatus.Suspended)
        {
            return false;
        }

        Job.RuntimeStatus = JobRuntimeStatus.Running;
        Job.StatusReason = reason;
        foreach (var slice in Job.Slices.Where(s => !s.Done))
        {
            slice.Started = false;
        }

        await SaveAsync(force: true);
        StartDriver();
        return true;
    }

    public async Task<bool> RaiseEventAsync(string name)
    {
        if (!state.RecordExists || JobRuntimeStatus.IsFinished(Job.RuntimeStatus))
        {
            return false;
        }

        if (!string.Equals(name, "approve", StringComparison.OrdinalIgnoreCase))
        {
            return true; // accepted and ignored, as Durable Functions does for events nobody waits for
        }

        Job.Approved = true;
        await SaveAsync(force: true);
        StartDriver();
        return true;
    }

    public async Task<bool> PurgeAsync(bool reports)
    {
        if (!state.RecordExists || !JobRuntimeStatus.IsFinished(Job.RuntimeStatus))
        {
            return false;
        }

        var id = Job.InstanceId!;
        foreach (var slice in Job.Slices)
        {
            await GrainFactory.GetGrain<ISliceWorkerGrain>(SliceKey(id, slice.Phase, slice.Index)).ClearAsync();
        }

        await outcomes.DeleteAsync(id, CancellationToken.None);
        if (reports)
        {
            foreach (var name in new[] { ReportNames.Results, ReportNames.Failed, ReportNames.Summary })
            {
                await storage.Reports.DeleteBlobIfExistsAsync(BlobReportSink.BlobName(id, name));
            }
        }

        if (Job.LinesBlob is { } lines)
        {
            await storage.State.DeleteBlobIfExistsAsync(lines);
        }

        await state.ClearStateAsync();
        StopDriver();
        DeactivateOnIdle();
        return true;
    }

    public async Task<IReadOnlyList<int>?> FailedLinesAsync()
    {
        if (!state.RecordExists || !JobRuntimeStatus.IsFinished(Job.RuntimeStatus) || Job.Plan is null)
        {
            return null;
        }

        var lines = new List<int>();
        await foreach (var outcome in outcomes.ReadPhaseAsync(Job.InstanceId!, OutcomesPhase, CancellationToken.None))
        {
            if (outcome.NeedsAttention && outcome.Action != RowAction.Invalid)
            {
                lines.Add(outcome.Line);
            }
        }

        return lines;
    }

    public async Task<SliceContext> GetSliceContextAsync(string phase, int sliceIndex)
    {
        var plan = Job.Plan ?? throw new InvalidOperationException("the job has no plan yet");
        var slice = plan.Slices[sliceIndex];
        var lastLine = sliceIndex + 1 < plan.Slices.Count ? plan.Slices[sliceIndex + 1].FirstLine : int.MaxValue;
        var slim = new PlanState
        {
            FileName = plan.FileName,
            CodePage = plan.CodePage,
            PreambleLength = plan.PreambleLength,
            Delimiter = plan.Delimiter,
            Columns = plan.Columns,
            IgnoredHeaders = plan.IgnoredHeaders,
            RowCount = plan.RowCount,
            InvalidRowCount = plan.InvalidRowCount,
            DuplicateOf = plan.DuplicateOf.Where(d => d.Key >= slice.FirstLine && d.Key < lastLine).ToDictionary(),
            DuplicateByEmail = plan.DuplicateByEmail.Where(l => l >= slice.FirstLine && l < lastLine).ToList(),
            Kind = plan.Kind,
            MaxRecordChars = plan.MaxRecordChars,
            Slices = [slice],
        };
        var lines = await LinesAsync();
        var stop = Job.RuntimeStatus is not (JobRuntimeStatus.Running or JobRuntimeStatus.Pending);
        return new SliceContext(
            Job.InstanceId!,
            phase,
            sliceIndex,
            Job.Input!,
            slim,
            Job.Options,
            phase == JobPhase.DryRun || Job.JobOptions().DryRun,
            Job.StartedTime ?? Job.CreatedTime,
            Job.Groups ?? [],
            lines?.Where(l => l >= slice.FirstLine && l < lastLine).ToList(),
            stop,
            Job.BatchRows);
    }

    public Task<bool> ReportSliceAsync(SliceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var slice = Job.Slices.FirstOrDefault(s => s.Phase == report.Phase && s.Index == report.SliceIndex);
        if (slice is not null)
        {
            slice.RowsDone = report.RowsDone;
            slice.Done |= report.Done;
            slice.Tally = report.Tally;
            slice.Calls = new Dictionary<string, BucketCalls>(report.Calls);
            slice.Heartbeat = time.GetUtcNow();
            _dirty = true;
        }

        return Task.FromResult(Job.RuntimeStatus == JobRuntimeStatus.Running && slice?.Phase == Job.Phase);
    }

    // ---- The driver -----------------------------------------------------------------------------------------

    private string OutcomesPhase => Job.Slices.Any(s => s.Phase == JobPhase.Rows) ? JobPhase.Rows : JobPhase.DryRun;

    private void StartDriver() =>
        _driver ??= this.RegisterGrainTimer(AdvanceAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1)) { KeepAlive = true });

    private void StopDriver()
    {
        _driver?.Dispose();
        _driver = null;
    }

    private async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        if (_advancing || !state.RecordExists)
        {
            return;
        }

        _advancing = true;
        try
        {
            await StepAsync(cancellationToken);
            await SaveAsync(force: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage or Okta unavailable, a node lost mid-call...: keep the state, try again on the next tick.
            LogStepFailed(logger, e, Job.InstanceId, Job.Phase);
            if (e is Orleans.Storage.InconsistentStateException)
            {
                // Another activation wrote our state (a node thought lost came back): reload from storage.
                DeactivateOnIdle();
            }
        }
        finally
        {
            _advancing = false;
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        switch (Job.RuntimeStatus)
        {
            case JobRuntimeStatus.Pending:
                Job.RuntimeStatus = JobRuntimeStatus.Running;
                Job.StartedTime ??= time.GetUtcNow();
                Job.PhaseStartedAt ??= Job.StartedTime;
                await SaveAsync(force: true);
                return;
            case JobRuntimeStatus.Terminated when Job.Summary is null:
                await FinishAsync("terminated", null, cancellationToken);
                return;
            case JobRuntimeStatus.Running:
                break;
            default:
                StopDriver();
                return;
        }

        var options = Job.JobOptions();
        var needsApproval = options.RequireApproval && !Job.Approved;
        switch (Job.Phase)
        {
            case JobPhase.Planning:
                var (_, invalid) = Core.Jobs.JobOptions.Parse(Job.Options!, strict: false);
                if (invalid.Count > 0)
                {
                    await FailAsync(new JobFailure("invalid-options", $"{Job.Name}: {string.Join("; ", invalid)}"), cancellationToken);
                    return;
                }

                await PlanAsync(options, cancellationToken);
                return;
            case JobPhase.Groups:
                await ResolveGroupsAsync(options, dryRun: options.DryRun || needsApproval, cancellationToken);
                return;
            case JobPhase.DryRun:
            case JobPhase.Rows:
            case JobPhase.Activation:
                await RunSlicesAsync(options, cancellationToken);
                return;
            case JobPhase.AwaitingApproval:
                if (Job.Approved)
                {
                    MoveTo(NeedsGroups(options) ? JobPhase.Groups : JobPhase.Rows);
                }

                return;
            case JobPhase.Reporting:
                await FinishAsync("completed", null, cancellationToken);
                return;
        }
    }

    private async Task PlanAsync(JobOptions options, CancellationToken cancellationToken)
    {
        await using var stream = await inputs.OpenAsync(Job.Input!, cancellationToken);
        var planned = await CsvJobReader.PlanAsync(stream, Job.Name, options, new CsvPlanSettings { TargetSliceRows = _jobs.SliceRows }, cancellationToken);
        if (planned.Failure is { } failure)
        {
            await FailAsync(failure, cancellationToken);
            return;
        }

        var plan = planned.Plan!;
        Job.Plan = PlanState.From(plan);
        Job.BatchRows = _jobs.BatchRows;
        Job.RowsTotal = (await LinesAsync())?.Count ?? plan.RowCount;
        LogPlanned(logger, Job.InstanceId, plan.RowCount, plan.InvalidRowCount, plan.Slices.Count);
        if (options.FailOnInvalidRows && plan.InvalidRowCount > 0)
        {
            await FailAsync(
                new JobFailure("invalid-rows", $"{Job.Name}: {plan.InvalidRowCount} invalid row(s) and failOnInvalidRows is true; nothing was sent to Okta. First: {string.Join(" | ", plan.FirstErrors.Take(5))}"),
                cancellationToken);
            return;
        }

        MoveTo(NeedsGroups(options) ? JobPhase.Groups : FirstRowsPhase(options));
    }

    private async Task ResolveGroupsAsync(JobOptions options, bool dryRun, CancellationToken cancellationToken)
    {
        var metrics = new OktaCallMetrics();
        var resolution = await new GroupResolver(oktaFactory.Create(metrics)).ResolveAsync(Job.Plan!.GroupNames, options with { DryRun = dryRun }, cancellationToken);
        AddCalls(Job.CallsBeforeSlices, metrics.Snapshot());
        if (resolution.Fatal is { } fatal)
        {
            await FailAsync(new JobFailure("okta-unauthorized", new OktaUnauthorizedException(fatal).Message), cancellationToken);
            return;
        }

        Job.Groups = [.. resolution.Groups];
        Job.GroupsForReal = !dryRun;
        MoveTo(dryRun && !options.DryRun ? JobPhase.DryRun : JobPhase.Rows);
    }

    /// <summary>Keeps up to MaxConcurrentSlices workers busy on the phase's slices; moves on when all are done.</summary>
    private async Task RunSlicesAsync(JobOptions options, CancellationToken cancellationToken)
    {
        var plan = Job.Plan!;
        var phase = Job.Phase;
        if (!Job.Slices.Any(s => s.Phase == phase))
        {
            Job.Slices.AddRange(plan.Slices.Select(s => new SliceProgress { Phase = phase, Index = s.Index, RowCount = s.RowCount }));
            if (phase == JobPhase.Rows)
            {
                Job.RowsPhaseStarted = time.GetUtcNow();
            }

            Job.InterimReportAt ??= time.GetUtcNow(); // the first interim report one interval in

            await SaveAsync(force: true);
        }

        var slices = Job.Slices.Where(s => s.Phase == phase).ToList();
        if (slices.All(s => s.Done))
        {
            await CompletePhaseAsync(options, phase, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var running = slices.Count(s => s.Started && !s.Done);
        foreach (var slice in slices.Where(s => !s.Done))
        {
            var stalled = slice.Started && (slice.Heartbeat is null || now - slice.Heartbeat > _jobs.SliceStallTimeout);
            if (slice.Started && !stalled)
            {
                continue;
            }

            if (!slice.Started && running >= _jobs.MaxConcurrentSlices)
            {
                break;
            }

            await GrainFactory.GetGrain<ISliceWorkerGrain>(SliceKey(Job.InstanceId!, phase, slice.Index)).StartAsync();
            if (!slice.Started)
            {
                running++;
            }

            slice.Started = true;
            slice.Heartbeat = now;
            _dirty = true;
        }

        if (Job.InterimReportAt is null || now - Job.InterimReportAt > _jobs.InterimReportInterval)
        {
            Job.InterimReportAt = now;
            await WriteReportsAsync("running", null, interim: true, cancellationToken);
        }
    }

    private async Task CompletePhaseAsync(JobOptions options, string phase, CancellationToken cancellationToken)
    {
        switch (phase)
        {
            case JobPhase.DryRun when options.RequireApproval && !options.DryRun:
                await WriteReportsAsync("awaiting-approval", null, interim: true, cancellationToken);
                MoveTo(JobPhase.AwaitingApproval);
                break;
            case JobPhase.Rows when options.Kind == JobKind.Import && options.Activation != ActivationMode.None && !options.DryRun:
                MoveTo(JobPhase.Activation);
                break;
            default:
                MoveTo(JobPhase.Reporting);
                break;
        }

        await SaveAsync(force: true);
    }

    private async Task FailAsync(JobFailure failure, CancellationToken cancellationToken)
    {
        Job.Failure = failure;
        Job.RuntimeStatus = JobRuntimeStatus.Failed;
        LogFailed(logger, Job.InstanceId, failure.Code, failure.Message);
        await FinishAsync("failed", failure, cancellationToken);
    }

    /// <summary>Writes the final reports, tags the input, and ends the job.</summary>
    private async Task FinishAsync(string outcome, JobFailure? failure, CancellationToken cancellationToken)
    {
        if (Job.Phase != JobPhase.Reporting)
        {
            ClosePhase();
            Job.Phase = JobPhase.Reporting;
        }
        var summary = await WriteReportsAsync(outcome, failure, interim: false, cancellationToken);
        var status = Job.RuntimeStatus == JobRuntimeStatus.Running ? JobRuntimeStatus.Completed : Job.RuntimeStatus;

        // The input is tagged (and deleted, if asked) before the job shows as finished, so whoever sees it finished
        // sees the input as it will stay. Both tolerate a missing blob, for a resume after a crash in between.
        if (Job.Input is { } input)
        {
            await inputs.TagAsync(input, Job.InstanceId!, status, cancellationToken);
            if (status == JobRuntimeStatus.Completed && Job.JobOptions().DeleteInputOnSuccess && summary.RowsNeedingAttention == 0)
            {
                await inputs.DeleteAsync(input, cancellationToken);
            }
        }

        Job.Summary = summary;
        Job.RuntimeStatus = status;
        ClosePhase();
        Job.Phase = JobPhase.Done;
        Job.CompletedTime = time.GetUtcNow();
        await SaveAsync(force: true);

        LogFinished(logger, Job.InstanceId, Job.RuntimeStatus, summary.RowsSucceeded, summary.RowsNeedingAttention);
        StopDriver();
    }

    /// <summary>
    /// results.csv, failed.csv and summary.json from the outcome blobs, in input order. For jobs up to
    /// <see cref="JobsOptions.InterimResultsMaxRows"/> each outcome blob is rendered once and kept (by ETag) while the job
    /// runs, so writing the reports again reads only the batches done since; larger jobs get an interim summary from the
    /// workers' counts, and their rows are read once, at the end.
    /// </summary>
    private async Task<JobSummary> WriteReportsAsync(string outcome, JobFailure? failure, bool interim, CancellationToken cancellationToken)
    {
        var sink = new BlobReportSink(storage, Job.InstanceId!);
        var calls = new OktaCallMetrics();
        calls.Add(Job.CallsBeforeSlices);
        foreach (var slice in Job.Slices)
        {
            calls.Add(slice.Calls);
        }

        var phase = OutcomesPhase;
        var keep = (Job.Plan?.RowCount ?? 0) <= _jobs.InterimResultsMaxRows;
        async IAsyncEnumerable<ReportBatch> Batches()
        {
            if (Job.Plan is null)
            {
                yield break;
            }

            await foreach (var (name, etag) in outcomes.ListPhaseAsync(Job.InstanceId!, phase, cancellationToken))
            {
                if (_rendered.TryGetValue(name, out var known) && known.ETag == etag)
                {
                    yield return known.Batch;
                    continue;
                }

                var (rows, read) = await outcomes.ReadAsync(name, cancellationToken);
                var batch = ReportBatch.Render(rows);
                if (keep)
                {
                    _rendered[name] = (read, batch);
                }

                yield return batch;
            }
        }

        var groups = Job.Groups is { } resolved ? SummaryBuilder.Groups(new GroupResolution(resolved)) : GroupsSummary.None;
        JobSummary Build(OutcomeTally tally) => SummaryBuilder.Build(
            Job.Name,
            Job.JobOptions(),
            outcome,
            failure,
            tally,
            groups,
            calls.Snapshot(),
            Job.Plan?.IgnoredHeaders ?? [],
            Job.StartedTime ?? Job.CreatedTime,
            time.GetUtcNow(),
            new Dictionary<string, double>(Job.PhaseSeconds));

        if (!interim || keep)
        {
            JobSummary? written = null;
            await ReportWriter.WriteAsync(sink, Batches(), tally => written = Build(tally), cancellationToken);
            if (!interim)
            {
                _rendered.Clear();
            }

            return written!;
        }

        var counted = new TallyState();
        foreach (var slice in Job.Slices.Where(s => s.Phase == phase))
        {
            counted.Add(slice.Tally);
        }

        var summary = Build(counted.ToTally());
        await ReportWriter.WriteSummaryAsync(sink, summary, cancellationToken);
        return summary;
    }

    private async Task<IReadOnlyList<int>?> LinesAsync()
    {
        if (Job.LinesBlob is not { } name)
        {
            return null;
        }

        var content = await storage.State.GetBlobClient(name).DownloadContentAsync();
        return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, ServerJsonContext.Default.ListInt32);
    }

    private void MoveTo(string phase)
    {
        ClosePhase();
        Job.Phase = phase;
        _dirty = true;
        LogPhase(logger, Job.InstanceId, phase);
    }

    /// <summary>Adds the time spent in the current phase to <see cref="JobState.PhaseSeconds"/>.</summary>
    private void ClosePhase()
    {
        var now = time.GetUtcNow();
        if (Job.PhaseStartedAt is { } started)
        {
            Job.PhaseSeconds[Job.Phase] = Math.Round(Job.PhaseSeconds.GetValueOrDefault(Job.Phase) + (now - started).TotalSeconds, 3);
        }

        Job.PhaseStartedAt = now;
    }

    private async Task SaveAsync(bool force)
    {
        var now = time.GetUtcNow();
        if (!force && (!_dirty || now - _lastWrite < TimeSpan.FromSeconds(5)))
        {
            return;
        }

        Job.LastUpdatedTime = now;
        await state.WriteStateAsync();
        _lastWrite = now;
        _dirty = false;
    }

    private JobStatusView View()
    {
        var rowsTotal = Job.RowsTotal;
        var current = Job.Slices.Where(s => s.Phase is JobPhase.Rows or JobPhase.DryRun).GroupBy(s => s.Phase).LastOrDefault()?.ToList() ?? [];
        var tally = new TallyState();
        foreach (var slice in current)
        {
            tally.Add(slice.Tally);
        }

        var done = Job.Phase is JobPhase.Done or JobPhase.Reporting or JobPhase.Activation ? Math.Max(tally.Rows, rowsTotal) : tally.Rows;
        double? perMinute = null;
        double? eta = null;
        if (Job.RowsPhaseStarted is { } started && tally.Rows > 0)
        {
            var minutes = (time.GetUtcNow() - started).TotalMinutes;
            perMinute = minutes > 0 ? Math.Round(tally.Rows / minutes, 1) : null;
            if (perMinute is > 0 && !JobRuntimeStatus.IsFinished(Job.RuntimeStatus))
            {
                eta = Math.Round((rowsTotal - tally.Rows) / perMinute.Value * 60, 0);
            }
        }

        var progress = new JobProgressView(
            Job.Phase,
            rowsTotal,
            Math.Min(done, rowsTotal),
            Job.Summary?.RowsSucceeded ?? tally.Succeeded,
            Job.Summary is { } s ? s.RowsNeedingAttention - s.RowsInvalid : tally.NeedingAttention - tally.Invalid,
            Job.Summary?.RowsInvalid ?? tally.Invalid,
            rowsTotal == 0 ? (JobRuntimeStatus.IsFinished(Job.RuntimeStatus) ? 100 : 0) : Math.Round(100.0 * Math.Min(done, rowsTotal) / rowsTotal, 1),
            perMinute,
            eta,
            Job.StatusReason);
        return new JobStatusView(Job.InstanceId!, Job.Name, Job.RuntimeStatus, Job.Input, Job.Options, Job.CreatedTime, Job.LastUpdatedTime, progress, Job.Failure, Job.Summary, Job.RerunOf);
    }

    private static bool NeedsGroups(JobOptions options) => options.Kind is JobKind.Import or JobKind.AssignGroups;

    private static string FirstRowsPhase(JobOptions options) => options.RequireApproval && !options.DryRun ? JobPhase.DryRun : JobPhase.Rows;

    private static void AddCalls(Dictionary<string, BucketCalls> into, IReadOnlyDictionary<string, BucketCalls> calls)
    {
        foreach (var (bucket, count) in calls)
        {
            into[bucket] = into.TryGetValue(bucket, out var existing)
                ? new BucketCalls(existing.Requests + count.Requests, existing.Throttled + count.Throttled)
                : count;
        }
    }

    public static string SliceKey(string instanceId, string phase, int slice) => $"{instanceId}|{phase}|{slice}";

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Job {InstanceId} started for {Container}/{Blob}")]
    private static partial void LogStarted(ILogger logger, string? instanceId, string container, string blob);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Job {InstanceId} planned: {Rows} rows, {Invalid} invalid, {Slices} slices")]
    private static partial void LogPlanned(ILogger logger, string? instanceId, int rows, int invalid, int slices);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Job {InstanceId} moves to {Phase}")]
    private static partial void LogPhase(ILogger logger, string? instanceId, string phase);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Job {InstanceId} failed: {Code} {Message}")]
    private static partial void LogFailed(ILogger logger, string? instanceId, string code, string message);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Job {InstanceId} finished {Status}: {Succeeded} rows succeeded, {Attention} need attention")]
    private static partial void LogFinished(ILogger logger, string? instanceId, string status, int succeeded, int attention);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Job {InstanceId} step in {Phase} failed; retrying")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string? instanceId, string phase);
}
