namespace Ferry.Server.Configuration;

/// <summary>A configuration key that holds a list: entries (<c>Ferry:Api:Keys:0</c>, …) or one comma-separated string.</summary>
public static class ConfigurationList
{
    /// <summary>
    /// The list's values with the configuration key each comes from: <c>Ferry:Api:Keys:0</c> for an entry, and
    /// <c>Ferry:Api:Keys</c> (with the value's place when there are several) for a comma- or semicolon-separated string.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> Entries(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Value is { Length: > 0 } joined)
        {
            var parts = joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                yield return (parts.Length == 1 ? section.Path : $"{section.Path} (value {i + 1} of {parts.Length})", parts[i]);
            }
        }

        foreach (var child in section.GetChildren())
        {
            if (child.Value?.Trim() is { Length: > 0 } value)
            {
                yield return (child.Path, value);
            }
        }
    }
}
