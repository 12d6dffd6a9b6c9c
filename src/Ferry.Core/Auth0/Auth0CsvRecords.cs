using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Core.Csv;

namespace Ferry.Core.Auth0;

/// <summary>
/// The data rows of a CSV file (or of a chunk's range of one) as Auth0 users: each row's cells placed by their columns
/// (booleans and whole numbers converted, JSON cells parsed, dotted columns nested), then checked like a JSON record, with
/// problems named by column. Rows whose cells are all empty are passed over.
/// </summary>
internal sealed class Auth0CsvRecords : IAuth0RecordSource
{
    private readonly CsvRecordSource _source;
    private readonly IReadOnlyList<Auth0CsvColumn> _columns;
    private readonly int _firstLine;
    private readonly int _maxRecordBytes;
    private readonly string?[] _cells;
    private readonly Func<string, string> _name;
    private readonly Func<string, (int Column, string Field)> _locate;
    private int? _lineBase;

    /// <param name="lineBase">What to add to the line breaks before a record to get its line; null to derive it from <paramref name="firstLine"/>.</param>
    public Auth0CsvRecords(CsvRecordSource source, IReadOnlyList<Auth0CsvColumn> columns, int? lineBase, int firstLine, int maxRecordBytes)
    {
        _source = source;
        _columns = columns;
        _lineBase = lineBase;
        _firstLine = firstLine;
        _maxRecordBytes = maxRecordBytes;
        _cells = new string?[columns.Count];
        _locate = Locate;
        _name = path => Locate(path).Field;
    }

    public Auth0InputRecord Current { get; private set; } = null!;

    public (string Message, int Line, int Column)? Failure => null;

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _source.ReadAsync(cancellationToken))
        {
            var (any, extra) = Fill();
            var span = _source.Span;
            if (!any && !span.Truncated && !span.UnclosedQuote && _source.MalformedField < 0)
            {
                continue;
            }

            _lineBase ??= _firstLine - span.StartLine;
            var line = span.StartLine + _lineBase.Value;
            Current = Read(span, line, extra);
            return true;
        }

        return false;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private Auth0InputRecord Read(CsvRecordSpan span, int line, bool extra)
    {
        var email = Cell("email");
        var userId = Cell("user_id");
        var username = Cell("username");
        Auth0InputRecord Invalid(int column, string? field, string code, string message) =>
            new(span.FileStart, span.FileEnd, line, 1, null, new Auth0RowError(line, column, field, code, message), email, userId, username) { Locate = _locate };

        if (span.Truncated)
        {
            return Invalid(1, null, Auth0RowErrorCodes.RecordTooLarge, string.Create(CultureInfo.InvariantCulture, $"the row is longer than a record may be ({_maxRecordBytes} bytes){(span.UnclosedQuote ? "; a quote in it is probably never closed" : string.Empty)}"));
        }

        if (span.UnclosedQuote)
        {
            return Invalid(1, null, Auth0RowErrorCodes.Syntax, "a quote in this row is never closed: the row runs to the end of the file");
        }

        if (_source.MalformedField >= 0)
        {
            var column = _source.MalformedField + 1;
            var header = _source.MalformedField < _columns.Count ? _columns[_source.MalformedField].Header : null;
            return Invalid(column, header, Auth0RowErrorCodes.Syntax, "this cell has malformed quoting: quote a cell only as a whole (\"like this\", with \"\" for a quote inside)");
        }

        if (extra)
        {
            return Invalid(_columns.Count + 1, null, Auth0RowErrorCodes.Syntax, string.Create(CultureInfo.InvariantCulture, $"the row has more cells than the header's {_columns.Count} columns (a delimiter in an unquoted cell?)"));
        }

        var (root, problem) = Build();
        if (problem is null)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                root!.WriteTo(writer);
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            (var json, problem) = Auth0UserJson.Check(document.RootElement, ignoreUnknown: false, _name, ignored: null);
            if (problem is null)
            {
                return new Auth0InputRecord(span.FileStart, span.FileEnd, line, 1, json, null, email, userId, username) { Locate = _locate };
            }
        }

        var (problemColumn, field) = problem.Value.Path is { } path ? Locate(path) : (1, (string?)null);
        return Invalid(problemColumn, field, problem.Value.Code, problem.Value.Message);
    }

    /// <summary>The user as a JSON object built from the row's cells in column order, or the first cell that does not convert.</summary>
    private (JsonObject? Root, Auth0Problem? Problem) Build()
    {
        var root = new JsonObject();
        for (var i = 0; i < _columns.Count; i++)
        {
            var column = _columns[i];
            if (_cells[i] is not { } text || column.Kind == Auth0CsvColumnKind.Ignored)
            {
                continue;
            }

            var (node, problem) = Convert(column, text);
            if (problem is not null)
            {
                return (null, problem);
            }

            var parent = root;
            for (var s = 0; s < column.Segments.Count - 1; s++)
            {
                if (parent[column.Segments[s]] is not JsonObject child)
                {
                    child = [];
                    parent[column.Segments[s]] = child;
                }

                parent = child;
            }

            parent[column.Segments[^1]] = node;
        }

        return (root, null);
    }

    private static (JsonNode? Node, Auth0Problem? Problem) Convert(Auth0CsvColumn column, string text)
    {
        switch (column.Kind)
        {
            case Auth0CsvColumnKind.Boolean:
                return text.ToUpperInvariant() switch
                {
                    "TRUE" or "YES" or "1" => (JsonValue.Create(true), null),
                    "FALSE" or "NO" or "0" => (JsonValue.Create(false), null),
                    _ => (null, new Auth0Problem(column.Path, Auth0RowErrorCodes.InvalidType, $"{column.Header} must be true or false (yes/no, 1/0)")),
                };
            case Auth0CsvColumnKind.Integer:
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? (JsonValue.Create(number), null)
                    : (null, new Auth0Problem(column.Path, Auth0RowErrorCodes.InvalidType, $"{column.Header} must be a whole number"));
            case Auth0CsvColumnKind.JsonObject or Auth0CsvColumnKind.JsonArray:
                var what = column.Kind == Auth0CsvColumnKind.JsonObject ? "a JSON object ({\"name\":\"value\"})" : "a JSON array ([{…}])";
                try
                {
                    var node = JsonNode.Parse(text);
                    var fits = column.Kind == Auth0CsvColumnKind.JsonObject ? node is JsonObject : node is JsonArray;
                    return fits ? (node, null) : (null, new Auth0Problem(column.Path, Auth0RowErrorCodes.InvalidType, $"{column.Header} must hold {what}"));
                }
                catch (JsonException exception)
                {
                    return (null, new Auth0Problem(
                        column.Path,
                        Auth0RowErrorCodes.InvalidType,
                        string.Create(CultureInfo.InvariantCulture, $"{column.Header} must hold {what}; its JSON breaks at character {(exception.BytePositionInLine ?? 0) + 1}")));
                }

            default:
                return (JsonValue.Create(text), null);
        }
    }

    private string? Cell(string path)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (_columns[i].Path == path)
            {
                return _cells[i];
            }
        }

        return null;
    }

    /// <summary>The column that gives <paramref name="path"/> (or the first that gives part of it): its number and header.</summary>
    private (int Column, string Field) Locate(string path)
    {
        foreach (var column in _columns)
        {
            if (column.Kind != Auth0CsvColumnKind.Ignored && column.Path == path)
            {
                return (column.Number, column.Header);
            }
        }

        foreach (var column in _columns)
        {
            if (column.Kind != Auth0CsvColumnKind.Ignored && column.Path.StartsWith(path + ".", StringComparison.Ordinal))
            {
                return (column.Number, column.Header);
            }
        }

        return (1, path);
    }

    /// <summary>Reads the record's used cells (trimmed; empty ones null); whether any cell has text, and whether cells beyond the header do.</summary>
    private (bool Any, bool Extra) Fill()
    {
        Array.Clear(_cells);
        bool any = false, extra = false;
        for (var i = 0; i < _source.FieldCount; i++)
        {
            if (i >= _cells.Length || _columns[i].Kind == Auth0CsvColumnKind.Ignored)
            {
                if (!_source.IsBlank(i))
                {
                    any = true;
                    extra |= i >= _cells.Length;
                }

                continue;
            }

            var value = _source.GetTrimmedString(i);
            if (value.Length > 0)
            {
                _cells[i] = value;
                any = true;
            }
        }

        return (any, extra);
    }
}
