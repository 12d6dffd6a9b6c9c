namespace Ferry.Core.Outcomes;

/// <summary>Running counts of outcomes: per action, per error code, succeeded and needing attention. Mergeable.</summary>
public sealed class OutcomeTally
{
    private readonly Dictionary<string, int> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errorCodes = new(StringComparer.Ordinal);

    public int Rows { get; private set; }

    public int Invalid { get; private set; }

    public int Succeeded { get; private set; }

    public int NeedingAttention { get; private set; }

    /// <summary>Rows that reached Okta and failed (invalid rows excluded).</summary>
    public int Failed => NeedingAttention - Invalid;

    public IReadOnlyDictionary<string, int> Actions => _actions;

    public IReadOnlyDictionary<string, int> ErrorCodes => _errorCodes;

    /// <summary>A tally from counts kept elsewhere (a worker's progress).</summary>
    public static OutcomeTally Of(int rows, int invalid, int succeeded, int needingAttention, IReadOnlyDictionary<string, int> actions, IReadOnlyDictionary<string, int> errorCodes)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(errorCodes);
        var tally = new OutcomeTally { Rows = rows, Invalid = invalid, Succeeded = succeeded, NeedingAttention = needingAttention };
        foreach (var (action, count) in actions)
        {
            tally._actions[action] = count;
        }

        foreach (var (code, count) in errorCodes)
        {
            tally._errorCodes[code] = count;
        }

        return tally;
    }

    public void Add(RowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Rows++;
        _actions[outcome.Action] = _actions.GetValueOrDefault(outcome.Action) + 1;
        if (outcome.ErrorCode is { } code)
        {
            _errorCodes[code] = _errorCodes.GetValueOrDefault(code) + 1;
        }

        if (outcome.Action == RowAction.Invalid)
        {
            Invalid++;
        }

        if (outcome.NeedsAttention)
        {
            NeedingAttention++;
        }
        else
        {
            Succeeded++;
        }
    }

    public void Merge(OutcomeTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows += other.Rows;
        Invalid += other.Invalid;
        Succeeded += other.Succeeded;
        NeedingAttention += other.NeedingAttention;
        foreach (var (action, count) in other._actions)
        {
            _actions[action] = _actions.GetValueOrDefault(action) + count;
        }

        foreach (var (code, count) in other._errorCodes)
        {
            _errorCodes[code] = _errorCodes.GetValueOrDefault(code) + count;
        }
    }
}
