using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Budget;
using Ferry.Orchestration.Groups;
using Ferry.Orchestration.Reports;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Undo;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// One job, from its pinned CSV to its reports: plan → groups → (dry run, then wait for <c>approve</c> when
/// <c>requireApproval</c>) → rows, in lanes that share the slices → reports → the input tagged (or deleted). Its
/// history stays short whatever the file's size: the groups phase and every lane are sub-orchestrations that continue
/// as new. Progress is its custom status, with the lanes' live counts in theirs. A <c>terminate</c> event stops the
/// lanes after their batches in progress and ends the job with a report of what was done; the job shows as finished
/// (Completed, Failed, or Terminated — an output with outcome <c>terminated</c>) only once its reports are written.
/// </summary>
public sealed class MigrationOrchestrator : TaskOrchestrator<JobInput, JobOutput>
{
    public const string Name = "Migration";

    public override async Task<JobOutput> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        context.SetCustomStatus(JobProgress.Planning);
        var plan = await context.CallActivityAsync<PlanResult>(PlanJobActivity.Name, new PlanRequest(context.InstanceId, input, run.StartedAt), ActivityRetry.Options);
        if (plan.Failure is { } failure)
        {
            return await run.FinishAsync(JobOutcomes.Failed, failure, JobPhases.Rows);
        }

        run.Planned(plan);
        if (run.Terminate.IsCompleted)
        {
            return await run.FinishAsync(JobOutcomes.Terminated, null, JobPhases.Rows);
        }

        if (plan.Auth0 is not null)
        {
            return await run.ChunksAsync() ?? await run.FinishAsync(JobOutcomes.Completed, null, JobPhases.Rows);
        }

        var options = JobOptionsReader.ReadValid(input.Options);
        if (options.RequireApproval && !options.DryRun)
        {
            // Plan and dry-run first (report written), then wait: nothing is written to Okta before approval.
            if (await run.PhaseAsync(JobPhases.DryRun, dryRun: true) is { } early)
            {
                return early;
            }

            if (options.Kind == JobKind.Undo && await run.UndoGroupsAsync(JobPhases.DryRun, dryRun: true) is { } groupsEnded)
            {
                return groupsEnded;
            }

            await run.InterimReportAsync(JobPhases.DryRun, JobOutcomes.AwaitingApproval);
            if (!await run.ApprovedAsync())
            {
                return await run.FinishAsync(JobOutcomes.Terminated, null, JobPhases.DryRun);
            }
        }

        return await run.PhaseAsync(JobPhases.Rows, options.DryRun)
            ?? (options.Kind == JobKind.Undo ? await run.UndoGroupsAsync(JobPhases.Rows, options.DryRun) : null)
            ?? await run.FinishAsync(JobOutcomes.Completed, null, JobPhases.Rows);
    }

    /// <summary>One job's run: its clock, its counts and the steps every phase shares.</summary>
    private sealed class Run(TaskOrchestrationContext context, JobInput input)
    {
        /// <summary>Approvals that name no dry run of the job (raised early, or by guess) it ignores before it gives up waiting.</summary>
        private const int MaxIgnoredApprovals = 100;

        private readonly PhaseClock _clock = new(JobPhases.Planning, context.UtcNow());
        private PlanResult? _plan;
        private RowTally _done = RowTally.Empty;
        private string? _reason;
        private string? _lanePhase;
        private int _lanes;
        private DateTimeOffset? _phaseStartedAt;

        public DateTimeOffset StartedAt { get; } = context.UtcNow();

        public Task<string> Terminate { get; } = context.WaitForExternalEvent<string>(JobEvents.Terminate);

        private string JobId => context.InstanceId;

        public void Planned(PlanResult plan) => _plan = plan;

        /// <summary>
        /// Waits, with the dry run's report written, for an <c>approve</c> event that names this dry run (its id is in the
        /// custom status); false when <c>terminate</c> came first. An approval raised before the dry run existed — Durable
        /// Task keeps events raised early and delivers them when the orchestration waits — or naming another dry run is
        /// not counted.
        /// </summary>
        public async Task<bool> ApprovedAsync()
        {
            var dryRun = context.NewGuid().ToString("N");
            MoveTo(JobPhases.AwaitingApproval, dryRunId: dryRun);
            for (var ignored = 0; ignored < MaxIgnoredApprovals; ignored++)
            {
                var approve = context.WaitForExternalEvent<string>(JobEvents.Approve);
                if (await Task.WhenAny(approve, Terminate) != approve)
                {
                    return false;
                }

                if (string.Equals(approve.Result, dryRun, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            // Only a writer on the task hub itself raises approvals that name no dry run, and not by the hundred.
            _reason = "terminated: too many approvals that named no dry run of this job";
            return false;
        }

        public void MoveTo(string phase, int lanes = 0, string? dryRunId = null)
        {
            _clock.MoveTo(phase, context.UtcNow());
            if (lanes > 0)
            {
                (_lanePhase, _lanes, _phaseStartedAt) = (phase, lanes, context.UtcNow());
            }
            else if (phase != JobPhases.Terminating)
            {
                (_lanePhase, _lanes) = (null, 0);
            }

            context.SetCustomStatus(new JobProgress(phase, _plan?.RowsTotal ?? 0, _done, _phaseStartedAt, _lanePhase, _lanes, _reason) { DryRunId = dryRunId });
        }

        /// <summary>The groups phase (when the kind has groups), then the lanes of <paramref name="phase"/>; a finished job if it ended early.</summary>
        public async Task<JobOutput?> PhaseAsync(string phase, bool dryRun)
        {
            var plan = _plan!;
            if (plan.GroupNames > 0 && JobOptionsReader.ReadValid(input.Options).NeedsGroups())
            {
                MoveTo(JobPhases.Groups);
                var groups = context.CallSubOrchestratorAsync<GroupsResult>(
                    GroupsOrchestrator.Name,
                    new GroupsState(new GroupsJob(JobId, phase, dryRun, plan.Org, plan.Settings, plan.GroupNames), 0, CallCounts.Empty, [], 2),
                    new SubOrchestrationOptions { InstanceId = GroupsJob.InstanceId(JobId, phase) });
                var result = await StoppableAsync(groups, [GroupsJob.InstanceId(JobId, phase)]);
                if (result.Fatal is { } fatal)
                {
                    return await FinishAsync(JobOutcomes.Failed, new JobFailure(result.FatalCode ?? JobFailures.OktaUnauthorized, fatal), phase);
                }

                if (result.Stopped || Terminate.IsCompleted)
                {
                    return await FinishAsync(JobOutcomes.Terminated, null, phase);
                }
            }

            var settings = plan.Settings;
            var lanes = Math.Max(1, Math.Min(settings.Lanes, plan.Slices.Count));
            _done = RowTally.Empty;
            MoveTo(phase, lanes);
            var options = JobOptionsReader.ReadValid(input.Options) with { DryRun = dryRun };
            var (primary, rates) = BucketNeeds.Expected(options, phase);
            var ids = Enumerable.Range(0, lanes).Select(lane => LaneJob.InstanceId(JobId, phase, lane)).ToList();
            var started = ids.Select((id, lane) => context.CallSubOrchestratorAsync<LaneResult>(
                RowsLaneOrchestrator.Name,
                LaneState.Begin(new LaneJob(JobId, phase, plan.Org, settings, lane, lanes, plan.Slices, primary, rates, lane == 0 ? InterimRequest(phase) : null) { SliceRows = plan.SliceRows }),
                new SubOrchestrationOptions { InstanceId = id })).ToList();
            var results = await StoppableAsync(Task.WhenAll(started), ids);
            foreach (var lane in results)
            {
                _done = _done.Plus(lane.Tally);
            }

            if (results.FirstOrDefault(r => r.Fatal is not null) is { Fatal: { } laneFatal } failed)
            {
                return await FinishAsync(JobOutcomes.Failed, new JobFailure(failed.FatalCode ?? JobFailures.OktaUnauthorized, laneFatal), phase);
            }

            return results.Any(r => r.Stopped) || Terminate.IsCompleted ? await FinishAsync(JobOutcomes.Terminated, null, phase) : null;
        }

        /// <summary>
        /// An Auth0 job's chunks, each a sub-orchestration (<see cref="Auth0ChunkOrchestrator"/>), at most
        /// <see cref="Auth0Settings.ChunksInFlight"/> at once (the tenant's import slots decide which post); an interim
        /// report after a chunk when the interval has passed. A finished job if it ended early.
        /// </summary>
        public async Task<JobOutput?> ChunksAsync()
        {
            var plan = _plan!;
            var settings = plan.Auth0Settings!;
            var counts = plan.Auth0Chunks!;
            _done = RowTally.Empty;
            MoveTo(JobPhases.Rows, Math.Max(1, plan.Slices.Count));
            var waiting = new Queue<int>(plan.Slices);
            var running = new Dictionary<Task<LaneResult>, string>();
            var results = new List<LaneResult>();
            var interimAt = context.UtcNow();
            var stopping = false;
            while ((!stopping && waiting.Count > 0) || running.Count > 0)
            {
                while (!stopping && waiting.Count > 0 && running.Count < settings.ChunksInFlight)
                {
                    var chunk = waiting.Dequeue();
                    var id = ChunkJob.InstanceId(JobId, chunk);
                    var job = new ChunkJob(JobId, plan.Auth0!, chunk, counts[chunk].Users, counts[chunk].Rows, settings);
                    running[context.CallSubOrchestratorAsync<LaneResult>(Auth0ChunkOrchestrator.Name, ChunkState.Begin(job), new SubOrchestrationOptions { InstanceId = id })] = id;
                }

                var next = stopping ? await Task.WhenAny(running.Keys) : await Task.WhenAny([.. running.Keys, Terminate]);
                if (next == Terminate)
                {
                    // Chunks not started are not; those waiting for a slot stop; those posted follow their Auth0 job to its end.
                    stopping = true;
                    _reason = Terminate.Result;
                    MoveTo(JobPhases.Terminating);
                    foreach (var id in running.Values)
                    {
                        context.SendEvent(id, JobEvents.Stop, _reason ?? "terminated");
                    }

                    continue;
                }

                var finished = (Task<LaneResult>)next;
                running.Remove(finished);
                results.Add(await finished);
                if (finished.Result.Fatal is not null && !stopping)
                {
                    stopping = true;
                    foreach (var id in running.Values)
                    {
                        context.SendEvent(id, JobEvents.Stop, "Auth0 refused Ferry's credentials");
                    }
                }

                if (!stopping && waiting.Count > 0 && context.UtcNow() - interimAt >= plan.Settings.InterimReportInterval)
                {
                    await InterimReportAsync(JobPhases.Rows, JobOutcomes.Running);
                    interimAt = context.UtcNow();
                }
            }

            foreach (var result in results)
            {
                _done = _done.Plus(result.Tally);
            }

            if (results.FirstOrDefault(r => r.Fatal is not null)?.Fatal is { } fatal)
            {
                return await FinishAsync(JobOutcomes.Failed, new JobFailure(JobFailures.Auth0Unauthorized, fatal), JobPhases.Rows);
            }

            return stopping || results.Any(r => r.Stopped) ? await FinishAsync(JobOutcomes.Terminated, null, JobPhases.Rows) : null;
        }

        /// <summary>
        /// An undo job's groups step, after its users (<see cref="UndoGroupsActivity"/>): rounds of groups on slots of
        /// the <c>other</c> bucket (members) and the <c>groupById</c> bucket (delete), the last round's usage given back
        /// with the next request; a finished job if it ended early.
        /// </summary>
        public async Task<JobOutput?> UndoGroupsAsync(string phase, bool dryRun)
        {
            var plan = _plan!;
            if (plan.UndoGroups == 0)
            {
                return null;
            }

            MoveTo(JobPhases.Groups);
            var members = RateLimitBudgetEntity.Id(plan.Org, OktaBuckets.Other);
            var deletes = RateLimitBudgetEntity.Id(plan.Org, OktaBuckets.GroupById);
            var pending = new List<BudgetUsage>();
            var (next, round) = (0, 0);
            while (next < plan.UndoGroups && !Terminate.IsCompleted)
            {
                var want = Math.Min(plan.Settings.GroupBatch, plan.UndoGroups - next);
                var grants = new List<BudgetGrant>
                {
                    await context.Entities.CallEntityAsync<BudgetGrant>(members, nameof(RateLimitBudgetEntity.Exchange), new BudgetExchange([.. pending.Where(u => u.Bucket == OktaBuckets.Other)], want)),
                };
                if (!dryRun)
                {
                    grants.Add(await context.Entities.CallEntityAsync<BudgetGrant>(deletes, nameof(RateLimitBudgetEntity.Exchange), new BudgetExchange([.. pending.Where(u => u.Bucket == OktaBuckets.GroupById)], want)));
                }

                var result = await context.CallActivityAsync<UndoGroupsResult>(
                    UndoGroupsActivity.Name,
                    new UndoGroupsWork(JobId, phase, dryRun, plan.Slices.Count, round, next, want, grants),
                    ActivityRetry.Options);
                pending = [.. result.Usage];
                if (result.Fatal is { } fatal)
                {
                    await SettleAsync(pending, members, deletes);
                    return await FinishAsync(JobOutcomes.Failed, new JobFailure(JobFailures.OktaUnauthorized, fatal), phase);
                }

                _done = _done.Plus(result.Tally);
                if (result.Done == 0)
                {
                    var retryAt = grants.Where(g => g.Count == 0).Select(g => g.RetryAt).OfType<DateTimeOffset>().DefaultIfEmpty(context.UtcNow()).Max();
                    await context.WaitUntilAsync(retryAt, TimeSpan.FromSeconds(1));
                    continue;
                }

                (next, round) = (next + result.Done, round + 1);
            }

            await SettleAsync(pending, members, deletes);
            return Terminate.IsCompleted ? await FinishAsync(JobOutcomes.Terminated, null, phase) : null;
        }

        private async Task SettleAsync(List<BudgetUsage> usage, Microsoft.DurableTask.Entities.EntityInstanceId members, Microsoft.DurableTask.Entities.EntityInstanceId deletes)
        {
            foreach (var returned in usage)
            {
                await context.Entities.SignalEntityAsync(returned.Bucket == OktaBuckets.Other ? members : deletes, nameof(RateLimitBudgetEntity.Settle), returned);
            }
        }

        public async Task InterimReportAsync(string phase, string outcome) =>
            await context.CallActivityAsync<ReportResult>(WriteReportsActivity.Name, Request(phase, outcome, null, interim: true), ActivityRetry.Options);

        /// <summary>Writes the final reports, then tags (or deletes) the input, then returns the job's output: only now does it show as finished.</summary>
        public async Task<JobOutput> FinishAsync(string outcome, JobFailure? failure, string phase)
        {
            if (outcome == JobOutcomes.Terminated)
            {
                _reason = Terminate.IsCompleted ? Terminate.Result : null;
            }

            MoveTo(JobPhases.Reporting);
            var report = await context.CallActivityAsync<ReportResult>(WriteReportsActivity.Name, Request(phase, outcome, failure, interim: false) with { PhaseSeconds = _clock.Closed }, ActivityRetry.Options);
            var status = outcome switch
            {
                JobOutcomes.Failed => "Failed",
                JobOutcomes.Terminated => "Terminated",
                _ => "Completed",
            };
            var options = JobOptionsReader.Read(input.Options).Options;
            var delete = outcome == JobOutcomes.Completed && options is { DeleteInputOnSuccess: true } && report.Summary.RowsNeedingAttention == 0;
            await context.CallActivityAsync<bool>(FinishInputActivity.Name, new FinishInput(JobId, input.Blob, status, delete), ActivityRetry.Options);
            MoveTo(JobPhases.Done);
            return new JobOutput(outcome, report.Summary, failure);
        }

        /// <summary>Awaits a phase's sub-orchestrations; on <c>terminate</c>, tells them to stop and awaits what they did.</summary>
        private async Task<T> StoppableAsync<T>(Task<T> phase, IReadOnlyList<string> children)
        {
            if (await Task.WhenAny(phase, Terminate) != phase)
            {
                _reason = Terminate.Result;
                MoveTo(JobPhases.Terminating);
                foreach (var child in children)
                {
                    context.SendEvent(child, JobEvents.Stop, _reason ?? "terminated");
                }
            }

            return await phase;
        }

        private ReportRequest InterimRequest(string phase) => Request(phase, JobOutcomes.Running, null, interim: true);

        private ReportRequest Request(string phase, string outcome, JobFailure? failure, bool interim) =>
            new(JobId, input, phase, outcome, failure, interim, StartedAt, context.UtcNow(), _clock.Seconds(context.UtcNow()));
    }
}
