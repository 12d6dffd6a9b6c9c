using System.Collections.Concurrent;
using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask.Client;

namespace Ferry.Management.Jobs;

/// <summary>
/// Reads jobs through Durable Task's client: a job is a <see cref="MigrationOrchestrator"/> instance; its status is
/// the instance's, except that a job which ended itself failed or terminated (its reports written) shows as
/// <c>Failed</c> or <c>Terminated</c>; its live counts are the job's custom status plus those of its running lanes
/// (one query by instance-id prefix).
/// </summary>
public sealed class JobStatusReader(DurableTaskClient client, ILiveProgress live, ProgressSamples samples, TimeProvider time)
{
    private const int MaxFailureMessage = 500;

    /// <summary>
    /// Live counts read lately, by job, phase, slice and batch: a batch writes them every <see cref="LiveBatch.Interval"/>,
    /// so reading one again sooner (a status polled every second, or by several watchers) would only fetch the same blob.
    /// </summary>
    private readonly ConcurrentDictionary<(string Job, string Phase, int Slice, int Batch), (DateTimeOffset At, LiveBatch? Counts)> _liveRead = new();

    public async Task<JobStatus?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ferry.Core.Security.JobIds.IsValid(id))
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return instance is null || instance.Name != MigrationOrchestrator.Name ? null : await ViewAsync(instance, cancellationToken);
    }

    /// <summary>
    /// A page of jobs in instance-id order: at most <paramref name="top"/> instances looked at (child orchestrations
    /// and entities are not jobs, and a status filter applies after Durable Task's own), and the token for the next.
    /// </summary>
    public async Task<(IReadOnlyList<JobStatus> Jobs, string? Next)> ListAsync(
        IReadOnlyCollection<string>? statuses,
        DateTimeOffset? createdFrom,
        DateTimeOffset? createdTo,
        int top,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            CreatedFrom = createdFrom,
            CreatedTo = createdTo,
            Statuses = statuses is { Count: > 0 } ? [.. statuses.SelectMany(EngineStatuses).Distinct()] : null,
            PageSize = top,
            ContinuationToken = continuationToken,
            FetchInputsAndOutputs = true,
        };
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(continuationToken, top).WithCancellation(cancellationToken))
        {
            var jobs = new List<JobStatus>();
            foreach (var instance in page.Values.Where(i => i.Name == MigrationOrchestrator.Name))
            {
                var job = await ViewAsync(instance, cancellationToken);
                if (statuses is not { Count: > 0 } || statuses.Contains(job.RuntimeStatus, StringComparer.OrdinalIgnoreCase))
                {
                    jobs.Add(job);
                }
            }

            return (jobs, page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>The instances a job started besides itself (its groups phases and lanes): for suspend, resume and purge.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> ChildrenAsync(string id, CancellationToken cancellationToken)
    {
        var children = new List<OrchestrationMetadata>();
        await foreach (var child in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = LaneJob.ChildPrefix(id), FetchInputsAndOutputs = true }).WithCancellation(cancellationToken))
        {
            children.Add(child);
        }

        return children;
    }

    private async Task<JobStatus> ViewAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var input = instance.ReadInputAs<JobInput>();
        var progress = instance.ReadCustomStatusAs<JobProgress>() ?? JobProgress.Planning;
        var output = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<JobOutput>() : null;
        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => output?.Outcome switch
            {
                JobOutcomes.Failed => JobRuntimeStatuses.Failed,
                JobOutcomes.Terminated => JobRuntimeStatuses.Terminated,
                _ => JobRuntimeStatuses.Completed,
            },
            OrchestrationRuntimeStatus.Failed => JobRuntimeStatuses.Failed,
            OrchestrationRuntimeStatus.Terminated => JobRuntimeStatuses.Terminated,
            OrchestrationRuntimeStatus.Suspended => JobRuntimeStatuses.Suspended,
            OrchestrationRuntimeStatus.Pending => JobRuntimeStatuses.Pending,
            _ => JobRuntimeStatuses.Running,
        };
        var failure = output?.Failure ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? new JobFailure("internal-error", Bounded(instance.FailureDetails?.ErrorMessage ?? "the job's orchestration failed"))
            : null);

        var done = progress.Done;
        IReadOnlyList<BudgetSnapshot> budget = [];
        int? timeLeft = null;
        if (!JobRuntimeStatuses.IsFinished(status) && progress.LanePhase is { } phase && progress.Lanes > 0)
        {
            (done, budget, timeLeft) = await WithLanesAsync(instance.InstanceId, phase, done, cancellationToken);
        }

        string? reason = progress.Reason;
        if (status == JobRuntimeStatuses.Suspended)
        {
            reason = await SuspendReasonAsync(instance.InstanceId, cancellationToken) ?? reason;
        }

        var summary = output?.Summary;
        var total = progress.RowsTotal;
        var rowsDone = summary is not null ? summary.RowsTotal : done.Rows;
        var succeeded = summary?.RowsSucceeded ?? done.Succeeded;
        var invalid = summary?.RowsInvalid ?? done.Invalid;
        var failed = summary is not null ? summary.RowsNeedingAttention - summary.RowsInvalid : done.Failed;
        double? perMinute = null;
        double? eta = null;
        if (JobRuntimeStatuses.IsFinished(status))
        {
            samples.Forget(instance.InstanceId);
        }
        else if (progress.PhaseStartedAt is { } started && progress.LanePhase is { } lanePhase && done.Rows > 0)
        {
            // Over the last minute this node watched the job; the phase's average until it has watched 10 s.
            var minutes = (time.GetUtcNow() - started).TotalMinutes;
            perMinute = samples.Observe(instance.InstanceId, lanePhase, done.Rows) ?? (minutes > 0 ? Math.Round(done.Rows / minutes, 1) : null);
            eta = perMinute is > 0 ? Math.Round(Math.Max(0, total - done.Rows) / perMinute.Value * 60, 0) : null;
        }

        if (!JobRuntimeStatuses.IsFinished(status) && timeLeft is > 0 && (eta is null || eta < timeLeft))
        {
            eta = timeLeft; // an Auth0 import job's own estimate, when it is further out than the pace so far says
        }

        var percent = total == 0 ? (JobRuntimeStatuses.IsFinished(status) ? 100 : 0) : Math.Round(100.0 * Math.Min(rowsDone, total) / total, 1);
        return new JobStatus(
            instance.InstanceId,
            status,
            input,
            new JobProgressView(progress.Phase, total, Math.Min(rowsDone, Math.Max(total, rowsDone)), succeeded, failed, invalid, percent, perMinute, eta, reason, budget)
            {
                DryRunId = JobRuntimeStatuses.IsFinished(status) ? null : progress.DryRunId,
            },
            summary,
            failure,
            instance.CreatedAt,
            instance.LastUpdatedAt);
    }

    /// <summary>
    /// The lanes' counts (while the phase runs the job's own status has none of its rows yet), the budget they last saw,
    /// and the longest time left an Auth0 chunk's import job estimates.
    /// </summary>
    private async Task<(RowTally Done, IReadOnlyList<BudgetSnapshot> Budget, int? TimeLeft)> WithLanesAsync(string id, string phase, RowTally done, CancellationToken cancellationToken)
    {
        var budget = new Dictionary<string, BudgetSnapshot>(StringComparer.Ordinal);
        var rows = done;
        int? timeLeft = null;
        var prefix = LaneJob.InstanceId(id, phase, 0)[..^1];
        await foreach (var lane in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, FetchInputsAndOutputs = true }).WithCancellation(cancellationToken))
        {
            // A finished lane's counts are in its output (the job adds them to its own status once every lane is done);
            // a lane that has just continued as new has not set its status yet: its input carries its counts.
            if (lane.IsCompleted)
            {
                if (lane.RuntimeStatus == OrchestrationRuntimeStatus.Completed && lane.ReadOutputAs<LaneResult>() is { } result)
                {
                    rows = rows.Plus(result.Tally);
                }
            }
            else if (lane.ReadCustomStatusAs<LaneProgress>() is { } progress)
            {
                rows = rows.Plus(new RowTally(progress.Rows, progress.Invalid, progress.Succeeded, progress.Failed + progress.Invalid, new Dictionary<string, int>(), new Dictionary<string, int>()));
                if (progress.InFlight is { } batch && await LiveCountsAsync(id, phase, batch.Slice, batch.Batch, cancellationToken) is { } counts)
                {
                    // The batch running now, as far as its first pass has gone.
                    rows = rows.Plus(new RowTally(counts.Rows, counts.Invalid, counts.Succeeded, counts.Failed + counts.Invalid, new Dictionary<string, int>(), new Dictionary<string, int>()));
                }

                timeLeft = progress.TimeLeftSeconds is { } left && left > (timeLeft ?? 0) ? left : timeLeft;
                foreach (var snapshot in progress.Budget)
                {
                    budget[snapshot.Bucket] = snapshot;
                }
            }
            else if (lane.ReadInputAs<LaneState>() is { Tally: not null } state)
            {
                rows = rows.Plus(state.Tally);
            }
        }

        return (rows, [.. budget.Values.OrderBy(b => b.Bucket, StringComparer.Ordinal)], timeLeft);
    }

    private async Task<string?> SuspendReasonAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var history = await client.GetOrchestrationHistoryAsync(id, cancellationToken);
            return history.OfType<DurableTask.Core.History.ExecutionSuspendedEvent>().LastOrDefault()?.Reason;
        }
        catch (NotSupportedException)
        {
            return null; // a client without history access: the status says Suspended, without the reason
        }
    }

    /// <summary>Durable Task's statuses a job status filter needs (a failed or terminated job may have completed its orchestration).</summary>
    private static IEnumerable<OrchestrationRuntimeStatus> EngineStatuses(string status) => status.ToUpperInvariant() switch
    {
        "COMPLETED" => [OrchestrationRuntimeStatus.Completed],
        "FAILED" => [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed],
        "TERMINATED" => [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Terminated],
        "SUSPENDED" => [OrchestrationRuntimeStatus.Suspended],
        "PENDING" => [OrchestrationRuntimeStatus.Pending],
        _ => [OrchestrationRuntimeStatus.Running],
    };

    private static string Bounded(string message) => message.Length <= MaxFailureMessage ? message : message[..MaxFailureMessage] + "…";

    /// <summary>The live counts of a batch in flight, read at most once per <see cref="LiveBatch.Interval"/> on this node.</summary>
    private async Task<LiveBatch?> LiveCountsAsync(string id, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        var key = (id, phase, slice, batch);
        var now = time.GetUtcNow();
        if (_liveRead.TryGetValue(key, out var seen) && now - seen.At < LiveBatch.Interval)
        {
            return seen.Counts;
        }

        var counts = await live.ReadAsync(id, phase, slice, batch, cancellationToken);
        _liveRead[key] = (now, counts);
        if (_liveRead.Count > 1_000)
        {
            // Batches finish; forget what has not been asked for lately.
            foreach (var old in _liveRead.Where(entry => now - entry.Value.At > TimeSpan.FromMinutes(1)))
            {
                _liveRead.TryRemove(old);
            }
        }

        return counts;
    }
}
