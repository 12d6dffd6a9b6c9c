namespace Ferry.Core.Validation;

/// <summary>
/// One record's cells as the validator sees them, reused from record to record: the trimmed value of every used column
/// (null when empty or ignored) and what went wrong reading the record.
/// </summary>
internal sealed class RowCells(int columns)
{
    public string?[] Values { get; } = new string?[columns];

    /// <summary>The number of cells the record has (it may have fewer or more than the header).</summary>
    public int FieldCount { get; set; }

    /// <summary>The record has non-empty cells past the last header column.</summary>
    public bool ExtraCells { get; set; }

    /// <summary>The 0-based index of the first cell with malformed quoting, or -1.</summary>
    public int MalformedField { get; set; } = -1;

    /// <summary>The record was longer than the limit and was cut (its cells past the limit are lost).</summary>
    public bool Truncated { get; set; }

    /// <summary>The record ends inside a quoted field: the file ended before the quote was closed.</summary>
    public bool UnclosedQuote { get; set; }

    public void Clear()
    {
        Array.Clear(Values);
        FieldCount = 0;
        ExtraCells = false;
        MalformedField = -1;
        Truncated = false;
        UnclosedQuote = false;
    }
}
