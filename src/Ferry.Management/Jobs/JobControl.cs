using Ferry.Core.Outcomes;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask.Client;

namespace Ferry.Management.Jobs;

/// <summary>
/// What the management API does to a job, once for both hosts: terminate (an event the job answers by stopping its
/// lanes and writing its report), suspend and resume (the job and every orchestration it started), raise an event,
/// purge (its instances, documents, outcomes, and on request its reports) and rerun its failed rows as a new job.
/// </summary>
public sealed class JobControl(
    DurableTaskClient client,
    JobStatusReader jobs,
    JobStarter starter,
    IJobDocuments documents,
    IOutcomeBatches outcomes,
    IJobReports reports)
{
    public async Task<ControlOutcome> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (job.IsFinished)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}.");
        }

        // Not Durable Task's terminate (which runs no orchestration code): the job stops its lanes after their
        // batches in progress, writes its report of what was done, and only then shows as Terminated.
        await client.RaiseEventAsync(id, JobEvents.Terminate, reason ?? "terminated", cancellationToken);
        if (job.RuntimeStatus == JobRuntimeStatuses.Suspended)
        {
            await ResumeTreeAsync(id, "terminating", cancellationToken);
        }

        return ControlOutcome.Accepted();
    }

    public async Task<ControlOutcome> SuspendAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (job.RuntimeStatus is not (JobRuntimeStatuses.Running or JobRuntimeStatuses.Pending))
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}.");
        }

        // The job and its lanes: each stops after the batch in progress (its answer waits until resume).
        await client.SuspendInstanceAsync(id, reason ?? "suspended", cancellationToken);
        foreach (var child in await jobs.ChildrenAsync(id, cancellationToken))
        {
            if (child.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
            {
                await client.SuspendInstanceAsync(child.InstanceId, reason ?? "suspended", cancellationToken);
            }
        }

        return ControlOutcome.Accepted();
    }

    public async Task<ControlOutcome> ResumeAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (job.RuntimeStatus != JobRuntimeStatuses.Suspended)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}.");
        }

        await ResumeTreeAsync(id, reason ?? "resumed", cancellationToken);
        return ControlOutcome.Accepted();
    }

    public async Task<ControlOutcome> RaiseEventAsync(string id, string eventName, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (job.IsFinished)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}.");
        }

        // Events nobody waits for are accepted and ignored, as in Durable Functions; 'terminate' is the terminate endpoint's.
        var name = string.Equals(eventName, JobEvents.Approve, StringComparison.OrdinalIgnoreCase) ? JobEvents.Approve : eventName;
        if (!string.Equals(name, JobEvents.Terminate, StringComparison.OrdinalIgnoreCase))
        {
            await client.RaiseEventAsync(id, name, null, cancellationToken);
        }

        return ControlOutcome.Accepted();
    }

    public async Task<ControlOutcome> PurgeAsync(string id, bool purgeReports, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (!job.IsFinished)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}; terminate it before purging.");
        }

        foreach (var child in await jobs.ChildrenAsync(id, cancellationToken))
        {
            if (child.IsCompleted)
            {
                await client.PurgeInstanceAsync(child.InstanceId, cancellation: cancellationToken);
            }
        }

        await outcomes.DeleteAsync(id, cancellationToken);
        await documents.DeleteAsync(id, cancellationToken);
        if (purgeReports)
        {
            await reports.DeleteAsync(id, cancellationToken);
        }

        await client.PurgeInstanceAsync(id, cancellation: cancellationToken);
        return ControlOutcome.Accepted(id);
    }

    /// <summary>Starts a new job (<c>{id}-rerun{n}</c>) over the rows of a finished job that failed (not the invalid ones).</summary>
    public async Task<ControlOutcome> RerunFailedAsync(string id, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        if (!job.IsFinished || job.Input is null)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}; rerun-failed needs a finished job.");
        }

        var lines = new List<int>();
        foreach (var phase in new[] { JobPhases.Rows, JobPhases.DryRun })
        {
            await foreach (var entry in outcomes.ListAsync(id, phase, cancellationToken))
            {
                if (entry.Record.Tally.Failed == 0)
                {
                    continue;
                }

                lines.AddRange((await outcomes.ReadOutcomesAsync(entry, cancellationToken)).Where(o => o.NeedsAttention && o.Action != RowAction.Invalid).Select(o => o.Line));
            }

            if (lines.Count > 0)
            {
                break;
            }
        }

        if (lines.Count == 0)
        {
            return new ControlOutcome(ControlStatus.NothingToDo, $"Job {id} has no failed rows to run again (invalid rows need a corrected file).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var rerun = InstanceIds.ForRerun(id, attempt);
            if (await client.GetInstanceAsync(rerun, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                continue;
            }

            var linesBlob = await documents.SaveLinesAsync(rerun, lines, cancellationToken);
            if (await starter.ScheduleAsync(rerun, job.Input with { RerunOf = id, LinesBlob = linesBlob }, cancellationToken))
            {
                return ControlOutcome.Accepted(rerun);
            }
        }
    }

    private async Task ResumeTreeAsync(string id, string reason, CancellationToken cancellationToken)
    {
        foreach (var child in await jobs.ChildrenAsync(id, cancellationToken))
        {
            if (child.RuntimeStatus == OrchestrationRuntimeStatus.Suspended)
            {
                await client.ResumeInstanceAsync(child.InstanceId, reason, cancellationToken);
            }
        }

        await client.ResumeInstanceAsync(id, reason, cancellationToken);
    }
}
