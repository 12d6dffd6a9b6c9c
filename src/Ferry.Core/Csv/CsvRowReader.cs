using Ferry.Core.Validation;

namespace Ferry.Core.Csv;

/// <summary>
/// The data rows of a record source: each record's used cells decoded and trimmed, records whose cells are all empty
/// (such as the <c>,,,,</c> lines spreadsheets leave at the end) passed over, and every row validated and numbered.
/// </summary>
internal sealed class CsvRowReader
{
    private readonly CsvRecordSource _source;
    private readonly RowValidator _validator;
    private readonly RowCells _cells;
    private readonly bool[] _used;
    private readonly int _firstLine;
    private int? _lineBase;
    private int _nextRow;

    /// <param name="firstRow">The number of the first row read.</param>
    /// <param name="lineBase">What to add to the line breaks before a record to get its line; null to derive it from <paramref name="firstLine"/>.</param>
    /// <param name="firstLine">The line of the first row, when <paramref name="lineBase"/> is null (a slice).</param>
    public CsvRowReader(CsvRecordSource source, CsvHeader header, RowValidator validator, int firstRow, int? lineBase, int firstLine)
    {
        _source = source;
        _validator = validator;
        _cells = new RowCells(header.Columns.Count);
        _used = header.Columns.Select(c => c.Kind != FieldKind.Ignored).ToArray();
        _nextRow = firstRow;
        _lineBase = lineBase;
        _firstLine = firstLine;
    }

    public int Row { get; private set; }

    public int Line { get; private set; }

    public RowCheck Check { get; private set; }

    public CsvRecordSpan Span { get; private set; }

    public async ValueTask<bool> ReadAsync(bool buildUser, CancellationToken cancellationToken)
    {
        while (await _source.ReadAsync(cancellationToken))
        {
            if (!Fill())
            {
                continue;
            }

            Span = _source.Span;
            _lineBase ??= _firstLine - Span.StartLine;
            Row = _nextRow++;
            Line = Span.StartLine + _lineBase.Value;
            Check = _validator.Validate(_cells, Row, Line, buildUser);
            return true;
        }

        return false;
    }

    /// <summary>Reads the current record's cells; false when it has none that is not empty (not a row).</summary>
    private bool Fill()
    {
        _cells.Clear();
        var span = _source.Span;
        var count = _source.FieldCount;
        var values = _cells.Values;
        var any = false;
        for (var i = 0; i < count; i++)
        {
            if (i >= values.Length || !_used[i])
            {
                if (!_source.IsBlank(i))
                {
                    any = true;
                    _cells.ExtraCells |= i >= values.Length;
                }

                continue;
            }

            var value = _source.GetTrimmedString(i);
            if (value.Length > 0)
            {
                values[i] = value;
                any = true;
            }
        }

        _cells.FieldCount = count;
        _cells.MalformedField = _source.MalformedField;
        _cells.Truncated = span.Truncated;
        _cells.UnclosedQuote = span.UnclosedQuote;
        return any || span.Truncated || span.UnclosedQuote || _source.MalformedField >= 0;
    }
}
