using System.Globalization;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Undo;

/// <summary>
/// An undo job's groups step, after its users: each group the source job created is deleted when no member is left
/// but users this undo deletes (or, in the dry run, would delete); a group with other members — added by hand, or
/// users the undo kept because they changed since — is left alone and reported <c>skipped</c> with who is left.
/// Its outcomes (one line per group: login = the group's name, userId = its id) follow the users' in the reports.
/// A round stored before (an execution whose answer was lost) is returned as stored.
/// </summary>
public sealed class UndoGroupsActivity(IJobDocuments documents, IOutcomeBatches outcomes, OktaClientFactory okta, TimeProvider time) : TaskActivity<UndoGroupsWork, UndoGroupsResult>
{
    public const string Name = "UndoGroups";

    /// <summary>Members read per group: a group with more left is not this job's to delete anyway.</summary>
    private const int MemberPage = 1000;

    public override async Task<UndoGroupsResult> RunAsync(TaskActivityContext context, UndoGroupsWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var cancellationToken = CancellationToken.None;
        var budget = new LeaseBatchBudget(work.Grants, time);
        var stored = await outcomes.ReadAsync(work.JobId, work.Phase, work.Slice, work.Round, cancellationToken);
        if (stored is not null)
        {
            return new UndoGroupsResult(stored.Record.Rows, stored.Record.Tally, CallCounts.Empty, budget.Usage(), null);
        }

        var job = await documents.LoadAsync(work.JobId, cancellationToken);
        var groups = (await documents.LoadUndoGroupsAsync(work.JobId, cancellationToken)).Skip(work.First).Take(work.Count).ToList();
        var (removed, own) = await UsersAsync(work, job.Plan.RowCount, cancellationToken);
        var metrics = new OktaCallMetrics();
        var client = okta.Create(metrics, budget, time, work.DryRun ? [OktaScopes.UsersRead, OktaScopes.GroupsRead] : OktaScopes.For(JobKind.Undo));
        var results = new List<RowOutcome>();
        foreach (var group in groups)
        {
            var row = job.Plan.RowCount + work.First + results.Count + 1;
            var outcome = await UndoAsync(client, group, row, work.DryRun, removed, own, cancellationToken);
            if (outcome is null)
            {
                break; // no slot left: the rest wait for the next round
            }

            if (outcome.ErrorCode == "unauthorized")
            {
                return new UndoGroupsResult(0, RowTally.Empty, metrics.Snapshot(), budget.Usage(), outcome.ErrorSummary);
            }

            results.Add(outcome);
        }

        if (results.Count == 0)
        {
            return new UndoGroupsResult(0, RowTally.Empty, metrics.Snapshot(), budget.Usage(), null);
        }

        var record = new BatchRecord(0, new BatchStart(0, results[0].Row, 0), results.Count, null, RowTally.Of(results), 0, metrics.Snapshot(), results[^1].Row);
        if (!await outcomes.TryWriteAsync(work.JobId, work.Phase, work.Slice, work.Round, results, record, null, cancellationToken))
        {
            var winner = await outcomes.ReadAsync(work.JobId, work.Phase, work.Slice, work.Round, cancellationToken)
                ?? throw new InvalidOperationException($"Undo groups round {work.Round} was written by another execution but cannot be read.");
            record = winner.Record;
        }

        return new UndoGroupsResult(record.Rows, record.Tally, metrics.Snapshot(), budget.Usage(), null);
    }

    /// <summary>A group's outcome; null when its calls found no slot (it waits for the next round).</summary>
    private static async Task<RowOutcome?> UndoAsync(OktaClient client, UndoGroup group, int row, bool dryRun, HashSet<string> removed, HashSet<string> own, CancellationToken cancellationToken)
    {
        var attempts = 0;
        RowOutcome Outcome(string action, string? code = null, string? summary = null, bool retryable = false) =>
            new(row, 0, group.Name, null, action, null, group.Id, [group.Name], code, summary, null, attempts, retryable);

        RowOutcome? Failure(OktaFailure failure)
        {
            if (failure.ErrorCode == OktaRateLimitHandler.BudgetSpentCode)
            {
                return null;
            }

            return failure.Kind == OktaFailureKind.Unauthorized
                ? Outcome(RowAction.Failed, "unauthorized", new OktaUnauthorizedException(failure).Message)
                : Outcome(RowAction.Failed, failure.Kind switch { OktaFailureKind.Transient => RowErrorCodes.Transient, OktaFailureKind.Throttled => RowErrorCodes.Throttled, _ => failure.ErrorCode ?? "HTTP" + failure.StatusCode }, failure.Describe(), failure.IsRetryable);
        }

        var members = await client.ListGroupMembersAsync(group.Id, MemberPage, cancellationToken);
        attempts += members.Attempts;
        if (members.Failed)
        {
            return members.Failure.Kind == OktaFailureKind.NotFound
                ? Outcome(dryRun ? RowAction.WouldSkip : RowAction.Skipped, null, UndoCheck.AlreadyDeleted)
                : Failure(members.Failure);
        }

        var left = members.Value!.Where(m => !removed.Contains(m.Id)).ToList();
        if (left.Count > 0 || (dryRun && members.Value!.Count == MemberPage))
        {
            return Outcome(dryRun ? RowAction.WouldSkip : RowAction.Skipped, null, Reason(left, own, members.Value!.Count == MemberPage));
        }

        if (dryRun)
        {
            return Outcome(RowAction.WouldDelete);
        }

        var deleted = await client.DeleteGroupAsync(group.Id, cancellationToken);
        attempts += deleted.Attempts;
        if (deleted.Failed && deleted.Failure.Kind != OktaFailureKind.NotFound)
        {
            return Failure(deleted.Failure);
        }

        return Outcome(RowAction.Deleted);
    }

    /// <summary>Who is left in a group the undo keeps: members the job did not add, and the job's users the undo kept.</summary>
    private static string Reason(List<Core.Okta.Json.OktaUser> left, HashSet<string> own, bool more)
    {
        var foreign = left.Count(m => !own.Contains(m.Id));
        var kept = left.Count - foreign;
        var parts = new List<string>();
        if (foreign > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"has {foreign}{(more ? "+" : "")} member(s) this job did not add"));
        }

        if (kept > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"has {kept} of this job's users that the undo keeps (changed since)"));
        }

        return parts.Count == 0 ? "has more members than Ferry reads at once" : string.Join("; ", parts);
    }

    /// <summary>The users this phase deleted (or would delete), and every user it considered (the source job's own).</summary>
    private async Task<(HashSet<string> Removed, HashSet<string> Own)> UsersAsync(UndoGroupsWork work, int userRows, CancellationToken cancellationToken)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var own = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in outcomes.ListAsync(work.JobId, work.Phase, cancellationToken))
        {
            if (entry.Record.Start.Row > userRows)
            {
                continue; // a groups round
            }

            foreach (var outcome in await outcomes.ReadOutcomesAsync(entry, cancellationToken))
            {
                if (outcome.UserId is { } id && outcome.Row <= userRows)
                {
                    own.Add(id);
                    if (outcome.Action is RowAction.Deleted or RowAction.WouldDelete)
                    {
                        removed.Add(id);
                    }
                }
            }
        }

        return (removed, own);
    }
}
