namespace Ferry.Core.Validation;

/// <summary>
/// How a cell lists groups: separated by ';' or, when there is none, by '|'; when neither appears, by ',' (so
/// <c>All Employees, Sales, Northeast</c> is three groups). Names are trimmed, empty ones dropped, and repeats removed
/// ignoring case (the first spelling is kept).
/// </summary>
public static class GroupList
{
    /// <summary>Okta's limit on a group name.</summary>
    public const int MaxNameLength = 255;

    public static IReadOnlyList<string> Split(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var separator = cell.Contains(';', StringComparison.Ordinal) ? ';'
            : cell.Contains('|', StringComparison.Ordinal) ? '|'
            : ',';
        var names = new List<string>(4);
        foreach (var range in cell.AsSpan().Split(separator))
        {
            var name = cell.AsSpan(range).Trim();
            if (name.IsEmpty || Contains(names, name))
            {
                continue;
            }

            names.Add(name.Length == cell.Length ? cell : name.ToString());
        }

        return names;
    }

    /// <summary>Whether <paramref name="id"/> looks like an Okta object id: 20 ASCII letters and digits.</summary>
    public static bool IsOktaId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 20)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(List<string> names, ReadOnlySpan<char> name)
    {
        foreach (var existing in names)
        {
            if (name.Equals(existing, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
