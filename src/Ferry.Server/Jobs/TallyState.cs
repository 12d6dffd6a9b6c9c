using Ferry.Core.Outcomes;

namespace Ferry.Server.Jobs;

/// <summary>Outcome counts in a form that persists as JSON and crosses grain calls.</summary>
[GenerateSerializer, Alias("ferry.tally")]
public sealed class TallyState
{
    [Id(0)]
    public int Rows { get; set; }

    [Id(1)]
    public int Invalid { get; set; }

    [Id(2)]
    public int Succeeded { get; set; }

    [Id(3)]
    public int NeedingAttention { get; set; }

    [Id(4)]
    public Dictionary<string, int> Actions { get; set; } = [];

    [Id(5)]
    public Dictionary<string, int> ErrorCodes { get; set; } = [];

    public static TallyState From(OutcomeTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new TallyState
        {
            Rows = tally.Rows,
            Invalid = tally.Invalid,
            Succeeded = tally.Succeeded,
            NeedingAttention = tally.NeedingAttention,
            Actions = new Dictionary<string, int>(tally.Actions),
            ErrorCodes = new Dictionary<string, int>(tally.ErrorCodes),
        };
    }

    public OutcomeTally ToTally() => OutcomeTally.Of(Rows, Invalid, Succeeded, NeedingAttention, Actions, ErrorCodes);

    public void Add(TallyState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows += other.Rows;
        Invalid += other.Invalid;
        Succeeded += other.Succeeded;
        NeedingAttention += other.NeedingAttention;
        foreach (var (key, count) in other.Actions)
        {
            Actions[key] = Actions.GetValueOrDefault(key) + count;
        }

        foreach (var (key, count) in other.ErrorCodes)
        {
            ErrorCodes[key] = ErrorCodes.GetValueOrDefault(key) + count;
        }
    }
}
