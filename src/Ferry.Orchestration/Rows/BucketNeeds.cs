using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// How many slots of which bucket a batch needs: requests per row per bucket, as the kind of job expects them at first
/// and as each batch shows them after (a file of existing users needs look-ups, a file of many groups membership calls).
/// </summary>
public static class BucketNeeds
{
    /// <summary>A bucket a batch would call less than this often is not leased: a row that needs it is run again with slots.</summary>
    private const double Negligible = 0.5;

    /// <summary>The bucket every row of the phase calls first (a batch is sized to its slots) and the calls per row to expect.</summary>
    public static (string Primary, IReadOnlyDictionary<string, double> Rates) Expected(JobOptions options, string phase)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DryRun || phase == JobPhases.DryRun)
        {
            return (OktaBuckets.UserGet, new Dictionary<string, double> { [OktaBuckets.UserGet] = 1 });
        }

        return options.Kind switch
        {
            JobKind.Import => (OktaBuckets.Users, new Dictionary<string, double>
            {
                [OktaBuckets.Users] = 1,
                [OktaBuckets.Other] = options.Activation == ActivationMode.None ? 0 : 1,
            }),
            JobKind.Reactivate => (OktaBuckets.UserGet, new Dictionary<string, double> { [OktaBuckets.UserGet] = 1, [OktaBuckets.Other] = 1 }),
            // Look the user up, deactivate it, delete it.
            JobKind.Undo => (OktaBuckets.UserGet, new Dictionary<string, double> { [OktaBuckets.UserGet] = 1, [OktaBuckets.Other] = 1, [OktaBuckets.UserUpdate] = 1 }),
            JobKind.AssignGroups => (OktaBuckets.UserGet, new Dictionary<string, double> { [OktaBuckets.UserGet] = 1, [OktaBuckets.Other] = 1 }),
            _ => (OktaBuckets.UserUpdate, new Dictionary<string, double> { [OktaBuckets.UserUpdate] = 1 }),
        };
    }

    /// <summary>
    /// Slots to lease per bucket for <paramref name="rows"/> rows: the main bucket's and every other a row is likely to
    /// call; a bucket whose slots ran out in the last pass at least one per row (the rows run again are mostly those).
    /// </summary>
    public static IReadOnlyDictionary<string, int> For(IReadOnlyDictionary<string, double> rates, string primary, int rows, IReadOnlyCollection<string> spent)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(spent);
        var needs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var bucket in rates.Keys.Concat(spent).Distinct(StringComparer.Ordinal))
        {
            var perRow = PerRow(rates, bucket, primary, spent);
            if (perRow * rows >= Negligible)
            {
                needs[bucket] = Math.Max(1, (int)Math.Ceiling(perRow * rows));
            }
        }

        return needs;
    }

    /// <summary>
    /// How many of <paramref name="want"/> rows the slots granted cover: the main bucket's slots, and those of every
    /// bucket a row needs at least once, divided by the calls per row (at least one row: a probe's single slot).
    /// </summary>
    public static int Affordable(IReadOnlyList<BudgetGrant> grants, IReadOnlyDictionary<string, double> rates, string primary, int want, IReadOnlyCollection<string> spent)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(rates);
        var rows = want;
        foreach (var grant in grants)
        {
            var perRow = PerRow(rates, grant.Bucket, primary, spent);
            if (perRow >= 1)
            {
                rows = Math.Min(rows, (int)Math.Floor(grant.Count / perRow));
            }
        }

        return Math.Max(1, rows);
    }

    private static double PerRow(IReadOnlyDictionary<string, double> rates, string bucket, string primary, IReadOnlyCollection<string> spent) =>
        Math.Max(rates.GetValueOrDefault(bucket), bucket == primary || spent.Contains(bucket) ? 1 : 0);

    /// <summary>
    /// Calls per row after a pass: half the last estimate and half what the pass did, never below what the kind
    /// expects; a bucket whose slots ran out asks for half as many again next time.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Learn(IReadOnlyDictionary<string, double> rates, IReadOnlyDictionary<string, double> expected, BatchResult result)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(result);
        var learned = new Dictionary<string, double>(rates, StringComparer.Ordinal);
        if (result.Processed > 0)
        {
            foreach (var (bucket, calls) in result.Calls)
            {
                var observed = (double)calls.Requests / result.Processed;
                learned[bucket] = Math.Max(expected.GetValueOrDefault(bucket), (0.5 * learned.GetValueOrDefault(bucket)) + (0.5 * observed));
            }
        }

        foreach (var bucket in result.Spent)
        {
            var rate = learned.GetValueOrDefault(bucket);
            learned[bucket] = Math.Max(rate * 1.5, rate + 0.1);
        }

        return learned;
    }
}
