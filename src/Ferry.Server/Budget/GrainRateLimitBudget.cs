using System.Collections.Concurrent;
using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Budget;

/// <summary>The <see cref="IRateLimitBudget"/> the Okta client uses in the server: every call goes to the org's budget grains.</summary>
public sealed class GrainRateLimitBudget(IGrainFactory grains, IOptions<OktaOptions> okta) : IRateLimitBudget
{
    private readonly string _org = okta.Value.OrgUrl?.Authority ?? "okta";
    private readonly IGrainFactory _factory = grains;
    private readonly ConcurrentDictionary<string, IRateLimitBudgetGrain> _grains = new(StringComparer.Ordinal);

    public async ValueTask<BudgetDecision> TryAcquireAsync(string bucket, CancellationToken cancellationToken = default) =>
        await Grain(bucket).TryAcquireAsync();

    public async ValueTask CompleteAsync(BudgetLease lease, BudgetOutcome outcome, RateLimitHeaders? headers, CancellationToken cancellationToken = default) =>
        await Grain(lease.Bucket).CompleteAsync(lease, outcome, headers);

    public async ValueTask<IReadOnlyList<BudgetSnapshot>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var snapshots = await Task.WhenAll(OktaBuckets.All.Select(bucket => Grain(bucket).SnapshotAsync()));
        return snapshots.Where(s => s.Limit is not null).ToList();
    }

    /// <summary>References are cached: resolving one costs reflection, and every Okta request makes two calls.</summary>
    private IRateLimitBudgetGrain Grain(string bucket) =>
        _grains.GetOrAdd(bucket, static (b, self) => self._factory.GetGrain<IRateLimitBudgetGrain>($"{self._org}|{b}"), this);
}
