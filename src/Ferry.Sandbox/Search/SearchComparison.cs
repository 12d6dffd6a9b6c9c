using System.Globalization;

namespace Ferry.Sandbox.Search;

/// <summary>
/// <c>attribute op value</c>. Operators: eq, sw, co, gt, ge, lt, le, and pr (present, no value).
/// Timestamps compare as instants, numbers as numbers, everything else as text.
/// </summary>
public sealed record SearchComparison(string Attribute, string Operator, string? Value) : SearchExpression
{
    public override bool Matches(Func<string, IReadOnlyList<string>> resolve, bool caseSensitiveValues)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var actual = resolve(Attribute);
        if (Operator == "pr")
        {
            return actual.Count > 0;
        }

        var comparison = caseSensitiveValues ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (var candidate in actual)
        {
            if (Holds(candidate, Value ?? string.Empty, comparison))
            {
                return true;
            }
        }

        return false;
    }

    private bool Holds(string actual, string expected, StringComparison comparison)
    {
        switch (Operator)
        {
            case "sw":
                return actual.StartsWith(expected, comparison);
            case "co":
                return actual.Contains(expected, comparison);
            case "eq":
                return Compare(actual, expected, comparison) == 0;
            default:
                var order = Compare(actual, expected, comparison);
                return Operator switch
                {
                    "gt" => order > 0,
                    "ge" => order >= 0,
                    "lt" => order < 0,
                    "le" => order <= 0,
                    _ => false,
                };
        }
    }

    private static int Compare(string actual, string expected, StringComparison comparison)
    {
        if (DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var a)
            && DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var b)
            && actual.Contains('T', StringComparison.Ordinal))
        {
            return a.CompareTo(b);
        }

        if (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var y))
        {
            return x.CompareTo(y);
        }

        return string.Compare(actual, expected, comparison);
    }
}
