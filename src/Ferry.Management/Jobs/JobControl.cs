using System.Globalization;
using System.Text;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Outcomes;
using Ferry.Core.Reports;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Ferry.Orchestration.Undo;
using Microsoft.DurableTask.Client;

namespace Ferry.Management.Jobs;

/// <summary>
/// What the management API does to a job, once for both hosts: terminate (an event the job answers by stopping its
/// lanes and writing its report), suspend and resume (the job and every orchestration it started), raise an event,
/// purge (its instances, documents, outcomes, and on request its reports), rerun its failed rows as a new job, and
/// undo it (a new job that deletes what it created).
/// </summary>
public sealed class JobControl(
    DurableTaskClient client,
    JobStatusReader jobs,
    JobStarter starter,
    IJobDocuments documents,
    IOutcomeBatches outcomes,
    IJobReports reports,
    IJobStops stops)
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

        // Not Durable Task's terminate (which runs no orchestration code): the job's running batches send nothing more
        // once they see its stop (within about two seconds), its lanes end, it writes its report of what was done, and
        // only then shows as Terminated.
        await stops.SetAsync(id, reason ?? "terminated", cancellationToken);
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

        // The job's running batches send nothing more once they see its stop (within about two seconds); the job and its
        // lanes take no new step until resume, when the rows not sent run.
        await stops.SetAsync(id, reason ?? "suspended", cancellationToken);
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

        await stops.ClearAsync(id, cancellationToken);
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

        if (string.Equals(eventName, JobEvents.Approve, StringComparison.OrdinalIgnoreCase))
        {
            // An approval is of a dry run someone could read: refused until its report is written, and it names that
            // dry run, so an approval raised earlier by other means is not counted either.
            if (job.Progress.DryRunId is not { } dryRun || job.Progress.Phase != JobPhases.AwaitingApproval)
            {
                return ControlOutcome.Conflict(
                    $"Job {id} has no dry run to approve yet (phase {job.Progress.Phase}): approve once its phase is {JobPhases.AwaitingApproval} and its dry-run report is written.");
            }

            await client.RaiseEventAsync(id, JobEvents.Approve, dryRun, cancellationToken);
            return ControlOutcome.Accepted();
        }

        // Events nobody waits for are accepted and ignored, as in Durable Functions; 'terminate' is the terminate endpoint's.
        if (!string.Equals(eventName, JobEvents.Terminate, StringComparison.OrdinalIgnoreCase))
        {
            await client.RaiseEventAsync(id, eventName, null, cancellationToken);
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

    /// <summary>
    /// Starts a new job (<c>{id}-rerun{n}</c>) over the rows of a finished job that are not done: those that failed (not
    /// the invalid ones) and, when it stopped early (terminated, or failed mid-way), those it never attempted — nobody
    /// twice, since the rows it did are skipped and a create is idempotent.
    /// </summary>
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

        var summary = job.Summary;
        var neverReached = summary is null ? 0 : summary.RowsNotAttempted - summary.Actions.GetValueOrDefault(RowAction.NotAttempted);
        var source = neverReached > 0 ? await documents.TryLoadAsync(id, cancellationToken) : null;
        if (source is not null && source.Lines is null)
        {
            // Stopped before it reached every row: the new job runs every row but those this one did (or, for a rerun of a
            // rerun, those its source skipped too), whose numbers are kept as runs.
            var skip = (source.Skip ?? RowRanges.Empty).Union(await DoneRowsAsync(id, source.Skip is null, cancellationToken));
            return await StartRerunAsync(id, job.Input, async rerun => job.Input with { RerunOf = id, SkipBlob = await documents.SaveSkipAsync(rerun, skip, cancellationToken) }, cancellationToken);
        }

        var lines = new List<int>();
        if (source?.Lines is { } given)
        {
            // A rerun that stopped early: its lines but those it did.
            var done = new HashSet<int>();
            await foreach (var entry in outcomes.ListAsync(id, JobPhases.Rows, cancellationToken))
            {
                done.UnionWith((await outcomes.ReadOutcomesAsync(entry, cancellationToken)).Where(IsDone).Select(o => o.Line));
            }

            lines.AddRange(given.Where(line => !done.Contains(line)).Order());
        }
        else
        {
            foreach (var phase in new[] { JobPhases.Rows, JobPhases.DryRun })
            {
                await foreach (var entry in outcomes.ListAsync(id, phase, cancellationToken))
                {
                    if (entry.Record.Tally.Failed == 0)
                    {
                        continue;
                    }

                    lines.AddRange((await outcomes.ReadOutcomesAsync(entry, cancellationToken)).Where(o => !IsDone(o)).Select(o => o.Line));
                }

                if (lines.Count > 0)
                {
                    break;
                }
            }
        }

        if (lines.Count == 0)
        {
            return new ControlOutcome(ControlStatus.NothingToDo, $"Job {id} has no failed rows to run again (invalid rows need a corrected file).");
        }

        return await StartRerunAsync(id, job.Input, async rerun => job.Input with { RerunOf = id, LinesBlob = await documents.SaveLinesAsync(rerun, lines, cancellationToken) }, cancellationToken);
    }

    /// <summary>Whether a row needs nothing more from a rerun: it succeeded, or is invalid (that needs a corrected file).</summary>
    private static bool IsDone(RowOutcome outcome) => !outcome.NeedsAttention || outcome.Action == RowAction.Invalid;

    /// <summary>The rows a job's rows phase did (<see cref="IsDone"/>); a batch without failures by its range, unread, when its rows are consecutive.</summary>
    private async Task<RowRanges> DoneRowsAsync(string id, bool consecutive, CancellationToken cancellationToken)
    {
        var done = new List<RowRange>();
        await foreach (var entry in outcomes.ListAsync(id, JobPhases.Rows, cancellationToken))
        {
            var record = entry.Record;
            if (consecutive && record.Tally.Failed == 0 && record.Rows > 0)
            {
                done.Add(new RowRange(record.Start.Row, record.Start.Row + record.Rows - 1));
                continue;
            }

            done.AddRange((await outcomes.ReadOutcomesAsync(entry, cancellationToken)).Where(IsDone).Select(o => new RowRange(o.Row, o.Row)));
        }

        return new RowRanges(done);
    }

    /// <summary>Schedules the first free <c>{id}-rerun{n}</c> with the input <paramref name="input"/> builds for it.</summary>
    private async Task<ControlOutcome> StartRerunAsync(string id, JobInput source, Func<string, Task<JobInput>> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var attempt = 1; ; attempt++)
        {
            var rerun = InstanceIds.ForRerun(id, attempt);
            if (await client.GetInstanceAsync(rerun, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                continue;
            }

            if (await starter.ScheduleAsync(rerun, await input(rerun), cancellationToken))
            {
                return ControlOutcome.Accepted(rerun);
            }
        }
    }

    /// <summary>
    /// Starts a new job (<c>{id}-undo{n}</c>, kind <c>undo</c>) over what a finished job created: the users its rows
    /// created (with the status it left them in and when it ended) and the groups its groups phase created. By default
    /// the undo job dry-runs and waits for <c>approve</c>. An undo is never undone (400); a job still running cannot be
    /// undone (409).
    /// </summary>
    public async Task<ControlOutcome> UndoAsync(string id, bool requireApproval, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return ControlOutcome.NotFound;
        }

        var sourceOptions = job.Input is null ? null : JobOptionsReader.Read(job.Input.Options).Options;
        if (job.Input?.UndoOf is not null || sourceOptions?.Kind == JobKind.Undo)
        {
            return new ControlOutcome(ControlStatus.Refused, $"Job {id} is an undo job; an undo is not undone (import the users again instead).");
        }

        if (!job.IsFinished || job.Input is null)
        {
            return ControlOutcome.Conflict($"Job {id} is {job.RuntimeStatus}; undo needs a finished job (completed, failed or terminated): wait for it, or terminate it first.");
        }

        var options = sourceOptions ?? new JobOptions();
        var asOf = job.Summary?.FinishedAt ?? job.LastUpdatedTime;
        using var csv = new MemoryStream();
        var users = await WriteUndoUsersAsync(id, csv, asOf, cancellationToken);
        var groups = new List<UndoGroup>();
        if (options.Target == JobTarget.Okta && await documents.TryLoadAsync(id, cancellationToken) is { Plan.GroupNames.Count: > 0 })
        {
            groups.AddRange((await documents.LoadGroupsAsync(id, JobPhases.Rows, cancellationToken)).Groups
                .Where(g => g.Created && g.Id is not null)
                .Select(g => new UndoGroup(g.Name, g.Id!)));
        }

        if (users == 0 && groups.Count == 0)
        {
            return new ControlOutcome(ControlStatus.NothingToDo, $"Job {id} created no users and no groups: there is nothing to undo.");
        }

        var undoOptions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [JobOptions.Names.Kind] = JobOptions.WireName(JobKind.Undo),
            [JobOptions.Names.Target] = JobOptions.WireName(options.Target),
            [JobOptions.Names.RequireApproval] = requireApproval ? "true" : "false",
        };
        // An Auth0 job's users are found again in the connection it imported into (its name, as Auth0's identities say).
        if (options.Target == JobTarget.Auth0 && (await documents.TryLoadAuth0Async(id, cancellationToken))?.Target is { } target)
        {
            undoOptions[JobOptions.Names.Connection] = target.ConnectionName;
        }

        for (var attempt = 1; ; attempt++)
        {
            var undo = InstanceIds.ForUndo(id, attempt);
            if (await client.GetInstanceAsync(undo, getInputsAndOutputs: false, cancellationToken) is { } earlier)
            {
                // One undo at a time: a second click while the first waits for approval would only race it.
                if (!JobRuntimeStatuses.IsFinished(earlier.RuntimeStatus.ToString()))
                {
                    return ControlOutcome.Conflict($"Job {undo}, an undo of {id}, is {earlier.RuntimeStatus}: approve or terminate it first.");
                }

                continue;
            }

            csv.Position = 0;
            var input = await documents.SaveUndoInputAsync(undo, csv, cancellationToken);
            await documents.SaveUndoGroupsAsync(undo, groups, cancellationToken);
            if (await starter.ScheduleAsync(undo, new JobInput(input, undoOptions, UndoOf: id), cancellationToken))
            {
                return ControlOutcome.Accepted(undo);
            }
        }
    }

    /// <summary>
    /// Writes the undo job's input: <c>login,email,userId,status,asOf</c>, one line per user the job's rows created
    /// (action <c>created</c> or <c>activated</c>, with its id). Returns how many.
    /// </summary>
    private async Task<int> WriteUndoUsersAsync(string id, Stream csv, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var count = 0;
        var stamp = asOf.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        await using var writer = new StreamWriter(csv, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync("login,email,userId,status,asOf");
        // Ferry's own file, read back by Ferry only (never a download): values as they are, no formula guard.
        var line = new StringBuilder(256);
        await foreach (var entry in outcomes.ListAsync(id, JobPhases.Rows, cancellationToken))
        {
            if (entry.Record.Tally.Actions.GetValueOrDefault(RowAction.Created) + entry.Record.Tally.Actions.GetValueOrDefault(RowAction.Activated) == 0)
            {
                continue;
            }

            foreach (var row in await outcomes.ReadOutcomesAsync(entry, cancellationToken))
            {
                // An Auth0 row may lack the id (the file gave none): the undo finds the user by its email.
                if (row.Action is RowAction.Created or RowAction.Activated && (row.UserId is { Length: > 0 } || row.Email is { Length: > 0 }))
                {
                    line.Clear();
                    CsvCells.AppendInputRow(line, [row.Login, row.Email, row.UserId, row.Status, stamp]);
                    await writer.WriteAsync(line);
                    count++;
                }
            }
        }

        return count;
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
