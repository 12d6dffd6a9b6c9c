using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Budget;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.Options;

namespace Ferry.Management.Jobs;

/// <summary>Every rate-limit entity's budget as it stands (one per org and bucket): for operators and the benchmarks.</summary>
public sealed class BudgetReader(DurableTaskClient client, IOptions<RateLimitBudgetOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<BudgetStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        var budgets = new List<BudgetStatus>();
        var query = new EntityQuery { InstanceIdStartsWith = $"@{RateLimitBudgetEntity.Name}@", IncludeState = true };
        await foreach (var entity in client.Entities.GetAllEntitiesAsync(query).WithCancellation(cancellationToken))
        {
            if (entity.State.ReadAs<RateLimitBudgetMemo>() is not { } memo)
            {
                continue;
            }

            var key = entity.Id.Key;
            var state = new RateLimitBudgetState(key.Split('|')[^1], options.Value, memo);
            budgets.Add(new BudgetStatus(key[..Math.Max(0, key.LastIndexOf('|'))], state.Snapshot(time.GetUtcNow())));
        }

        return budgets;
    }
}

/// <summary>One org's budget for one bucket.</summary>
public sealed record BudgetStatus(string Org, BudgetSnapshot Budget);
