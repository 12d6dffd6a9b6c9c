namespace Ferry.Core.RateLimiting;

/// <summary>
/// When a batch's slots are needed: evenly from <see cref="From"/> to <see cref="Until"/> (the times of another
/// bucket's slots that the requests follow). See <see cref="RateLimitBudgetState.TryAcquireBatch"/>.
/// </summary>
public sealed record BudgetSpread(DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>The earliest time slot <paramref name="index"/> of <paramref name="count"/> is due.</summary>
    public DateTimeOffset Due(int index, int count) =>
        count <= 1 || Until <= From ? From : From + ((Until - From) * index / count);

    /// <summary>The span of a grant's slots (null for an empty grant).</summary>
    public static BudgetSpread? Of(BudgetGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Slots.Count == 0)
        {
            return null;
        }

        var last = grant.Slots[^1];
        return new BudgetSpread(grant.Slots[0].First, last.First + (last.Interval * (last.Count - 1)));
    }
}
