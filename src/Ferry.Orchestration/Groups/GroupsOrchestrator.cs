using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Budget;
using Ferry.Orchestration.Jobs;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Groups;

/// <summary>
/// A job's groups phase: resolves the file's distinct group names batch by batch, each on slots leased from the
/// <c>groups</c> bucket's rate-limit entity (the last batch's usage given back in the same operation), continuing as
/// new every few batches. A <see cref="JobEvents.Stop"/> event ends it after the batch in progress.
/// </summary>
public sealed class GroupsOrchestrator : TaskOrchestrator<GroupsState, GroupsResult>
{
    public const string Name = "ResolveGroupsPhase";

    public override async Task<GroupsResult> RunAsync(TaskOrchestrationContext context, GroupsState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var stop = context.WaitForExternalEvent<string>(JobEvents.Stop);
        var state = input;
        var job = state.Job;
        var entity = RateLimitBudgetEntity.Id(job.Org, OktaBuckets.Groups);
        for (var batches = 0; batches < job.Settings.BatchesPerGeneration; batches++)
        {
            if (state.Next >= job.Names || stop.IsCompleted)
            {
                return await EndAsync(context, entity, state, stopped: state.Next < job.Names, fatal: null);
            }

            var count = Math.Min(job.Settings.GroupBatch, job.Names - state.Next);
            var grant = await context.Entities.CallEntityAsync<BudgetGrant>(
                entity,
                nameof(RateLimitBudgetEntity.Exchange),
                new BudgetExchange(state.Pending, (int)Math.Ceiling(count * state.CallsPerName)));
            state = state with { Pending = [] };
            if (grant.Count == 0)
            {
                await context.WaitUntilAsync(grant.RetryAt ?? context.UtcNow(), TimeSpan.FromSeconds(1));
                continue;
            }

            var result = await context.CallActivityAsync<GroupsBatchResult>(
                ResolveGroupsActivity.Name,
                new GroupsWork(job.JobId, job.Phase, job.DryRun, state.Next, count, [grant]), ActivityRetry.Options);
            state = state with
            {
                Next = state.Next + result.Resolved,
                Calls = state.Calls.Plus(result.Calls),
                Pending = result.Usage,
                // Short of slots: ask for half as many again per name.
                CallsPerName = result.Resolved < count ? state.CallsPerName * 1.5 : state.CallsPerName,
            };
            if (result.Fatal is not null)
            {
                return await EndAsync(context, entity, state, stopped: false, result.Fatal, result.FatalCode);
            }
        }

        if (stop.IsCompleted)
        {
            return await EndAsync(context, entity, state, stopped: state.Next < job.Names, fatal: null);
        }

        context.ContinueAsNew(state, preserveUnprocessedEvents: true);
        return null!;
    }

    private static async Task<GroupsResult> EndAsync(TaskOrchestrationContext context, Microsoft.DurableTask.Entities.EntityInstanceId entity, GroupsState state, bool stopped, string? fatal, string? fatalCode = null)
    {
        foreach (var usage in state.Pending)
        {
            await context.Entities.SignalEntityAsync(entity, nameof(RateLimitBudgetEntity.Settle), usage);
        }

        return new GroupsResult(state.Calls, stopped, fatal, fatalCode);
    }
}
