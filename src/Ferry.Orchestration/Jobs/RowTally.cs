using Ferry.Core.Outcomes;

namespace Ferry.Orchestration.Jobs;

/// <summary>Outcome counts as a message: rows, invalid, succeeded, needing attention, per action, per error code.</summary>
public sealed record RowTally(
    int Rows,
    int Invalid,
    int Succeeded,
    int NeedingAttention,
    IReadOnlyDictionary<string, int> Actions,
    IReadOnlyDictionary<string, int> ErrorCodes)
{
    public static RowTally Empty { get; } = new(0, 0, 0, 0, new Dictionary<string, int>(), new Dictionary<string, int>());

    /// <summary>Rows that reached Okta and need attention (invalid rows excluded).</summary>
    public int Failed => NeedingAttention - Invalid;

    public static RowTally Of(OutcomeTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new RowTally(tally.Rows, tally.Invalid, tally.Succeeded, tally.NeedingAttention, new Dictionary<string, int>(tally.Actions), new Dictionary<string, int>(tally.ErrorCodes));
    }

    public static RowTally Of(IEnumerable<RowOutcome> outcomes)
    {
        var tally = new OutcomeTally();
        foreach (var outcome in outcomes)
        {
            tally.Add(outcome);
        }

        return Of(tally);
    }

    public RowTally Plus(RowTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RowTally(
            Rows + other.Rows,
            Invalid + other.Invalid,
            Succeeded + other.Succeeded,
            NeedingAttention + other.NeedingAttention,
            Sum(Actions, other.Actions),
            Sum(ErrorCodes, other.ErrorCodes));
    }

    public OutcomeTally ToTally() => OutcomeTally.Of(Rows, Invalid, Succeeded, NeedingAttention, Actions, ErrorCodes);

    private static Dictionary<string, int> Sum(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        var sum = new Dictionary<string, int>(a, StringComparer.Ordinal);
        foreach (var (key, count) in b)
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }
}
