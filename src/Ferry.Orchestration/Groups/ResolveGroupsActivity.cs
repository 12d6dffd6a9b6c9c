using Ferry.Core.Okta;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.Operations;
using Ferry.Core.RateLimiting;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Groups;

/// <summary>
/// Resolves a batch of the file's group names with the domain's <see cref="GroupResolver"/> (found by exact name, or
/// created when missing and allowed) on the slots leased for it, and stores what it resolved. Names the slots did not
/// reach are left for the next batch. A redone batch finds groups it created already (Okta answers "name exists").
/// </summary>
public sealed class ResolveGroupsActivity(IJobDocuments documents, OktaClientFactory okta, TimeProvider time) : TaskActivity<GroupsWork, GroupsBatchResult>
{
    public const string Name = "ResolveGroups";

    public override async Task<GroupsBatchResult> RunAsync(TaskActivityContext context, GroupsWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var cancellationToken = CancellationToken.None;
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Groups, work.JobId)?
            .SetTag(FerryTelemetry.Tags.Phase, work.Phase)
            .SetTag(FerryTelemetry.Tags.Rows, work.Count);
        var job = await documents.LoadAsync(work.JobId, cancellationToken);
        var options = JobOptionsReader.ReadValid(job.Options) with { DryRun = work.DryRun };
        var names = job.Plan.GroupNames.Skip(work.First).Take(work.Count).ToList();
        var budget = new LeaseBatchBudget(work.Grants, time);
        var metrics = new OktaCallMetrics();
        var resolution = await new GroupResolver(okta.Create(metrics, budget, time, OktaScopes.For(options))).ResolveAsync(names, options, cancellationToken);
        if (resolution.Fatal is { } fatal)
        {
            return new GroupsBatchResult(0, metrics.Snapshot(), budget.Usage(), new OktaUnauthorizedException(fatal).Message, OktaUnauthorizedException.CodeOf(fatal));
        }

        // In order, up to the first name the slots did not reach.
        var resolved = names.Select(name => resolution[name]).TakeWhile(g => g.ErrorCode != OktaRateLimitHandler.BudgetSpentCode).ToList();
        await documents.SaveGroupsAsync(work.JobId, work.Phase, work.First, resolved, metrics.Snapshot(), cancellationToken);
        return new GroupsBatchResult(resolved.Count, metrics.Snapshot(), budget.Usage(), null);
    }
}
