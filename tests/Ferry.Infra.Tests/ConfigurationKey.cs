namespace Ferry.Infra.Tests;

/// <summary>A row of a key table in docs/configuration.md: the key (with <c>:</c>) and its default column.</summary>
internal sealed record ConfigurationKey(string Key, string Default)
{
    /// <summary>The default column says the key must be given (<c>required</c>, <c>required unless anonymous</c>).</summary>
    public bool IsRequired => Default.StartsWith("required", StringComparison.OrdinalIgnoreCase);

    /// <summary>The default column names a default: not required, not blank or a dash.</summary>
    public bool HasDefault => !IsRequired && Default.Trim() is not ("" or "—" or "-");

    /// <summary>The name of the key as an app setting or environment variable.</summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);
}
