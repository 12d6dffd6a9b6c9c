namespace Ferry.Core.Csv;

/// <summary>
/// Why a row is invalid: the file line it starts on, the column (header text and 1-based number) and a message
/// that says what is wrong. Never contains a password or hash value.
/// </summary>
public sealed record RowError(int Line, string? Column, int? ColumnNumber, string Message)
{
    /// <summary>Which rule the row broke, one of <see cref="InvalidRowCodes"/>.</summary>
    public string Code { get; init; } = InvalidRowCodes.Invalid;

    public override string ToString() =>
        Column is null ? $"line {Line}: {Message}" : $"line {Line}, column {ColumnNumber} '{Column}': {Message}";
}
