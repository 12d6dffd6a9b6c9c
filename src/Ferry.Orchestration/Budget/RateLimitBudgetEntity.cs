using Ferry.Core.RateLimiting;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;

namespace Ferry.Orchestration.Budget;

/// <summary>
/// The durable entity that holds one Okta org's budget for one endpoint bucket (key <c>{org host}|{bucket}</c>): the
/// <see cref="RateLimitBudgetState"/> arithmetic over a persisted <see cref="RateLimitBudgetMemo"/>. Every slice on
/// every node draws on it, through its orchestration: an <see cref="Exchange"/> gives back a batch's usage (with
/// Okta's headers) and leases the next batch of paced slots. Its state survives restarts, so the limit and the
/// learned window are known at once; the headers of later answers correct them.
/// </summary>
public sealed class RateLimitBudgetEntity(IOptions<RateLimitBudgetOptions> options, TimeProvider time) : TaskEntity<RateLimitBudgetMemo>
{
    /// <summary>The entity's name (Durable Task lower-cases entity names).</summary>
    public const string Name = "ratelimitbudget";

    /// <summary>Gives back <see cref="BudgetExchange.Returned"/> and leases up to <see cref="BudgetExchange.Wanted"/> slots.</summary>
    public BudgetGrant Exchange(BudgetExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var budget = Budget();
        var now = time.GetUtcNow();
        foreach (var usage in exchange.Returned)
        {
            budget.Settle(usage, now);
        }

        return budget.TryAcquireBatch(exchange.Wanted, now, exchange.Spread);
    }

    /// <summary>Gives back a lease without asking for more (a slice that is done, or a bucket it no longer needs).</summary>
    public void Settle(BudgetUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        State.Operations++;
        Budget().Settle(usage, time.GetUtcNow());
    }

    /// <summary>The bucket's budget as it stands.</summary>
    public BudgetSnapshot Snapshot() => Budget().Snapshot(time.GetUtcNow());

    /// <summary>The entity's key for an org and a bucket.</summary>
    public static EntityInstanceId Id(string org, string bucket) => new(Name, $"{org}|{bucket}");

    protected override RateLimitBudgetMemo InitializeState(TaskEntityOperation entityOperation) => new();

    private RateLimitBudgetState Budget() => new(Context.Id.Key.Split('|')[^1], options.Value, State);
}
