using CsvHelper;

namespace Ferry.Core.Csv;

/// <summary>
/// CsvHelper's reader over a <see cref="CsvRecordStream"/>: records with their cells as CsvHelper unquotes them, where
/// each is in the file, and which cell (if any) has malformed quoting.
/// </summary>
internal sealed class CsvRecordSource : IAsyncDisposable
{
    private readonly CsvRecordStream _stream;
    private readonly CsvReader _reader;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private long _recordNumber;

    public CsvRecordSource(Stream source, TextEncodingKind encoding, char delimiter, int maxRecordBytes, ReadOnlyMemory<byte> prefix, long fileStart)
    {
        _stream = new CsvRecordStream(source, encoding, delimiter, maxRecordBytes, prefix, fileStart);
        var options = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            WhitespaceCharacters = delimiter == '\t' ? " " : " \t",
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            IncludeValuesInExceptions = false,
            DetectSeparatorHint = false,
            Encoding = System.Text.Encoding.UTF8,
            OnMalformedRecord = _malformed.Enqueue,
        };
        _reader = CsvReader.Create(_stream, options, leaveOpen: false);
    }

    /// <summary>Where the current record is.</summary>
    public CsvRecordSpan Span { get; private set; }

    /// <summary>The 0-based index of the current record's first cell with malformed quoting, or -1.</summary>
    public int MalformedField { get; private set; } = -1;

    public int FieldCount => _reader.FieldCount;

    /// <summary>The file's length, once every record has been read.</summary>
    public long FileLength => _stream.FileLength;

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        _recordNumber++;
        Span = _stream.TakeRecord(_reader.ByteOffset);
        MalformedField = -1;
        while (_malformed.TryPeek(out var malformed) && malformed.RecordNumber <= _recordNumber)
        {
            _malformed.Dequeue();
            if (malformed.RecordNumber == _recordNumber && MalformedField < 0)
            {
                MalformedField = FieldAt(malformed.ByteOffset - _reader.ByteOffset);
            }
        }

        return true;
    }

    /// <summary>The cell, unquoted and decoded (invalid UTF-8 becomes U+FFFD), and trimmed.</summary>
    public string GetTrimmedString(int index) => _reader.GetString(index).Trim();

    /// <summary>Whether the cell is empty or only whitespace, without decoding it.</summary>
    public bool IsBlank(int index)
    {
        foreach (var b in _reader.GetSpan(index))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _stream.DisposeAsync();
    }

    /// <summary>The cell that holds the byte at <paramref name="offset"/> from the start of the record.</summary>
    private int FieldAt(long offset)
    {
        long start = 0;
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            var end = start + _reader.GetRawSpan(i).Length;
            if (offset <= end)
            {
                return i;
            }

            start = end + 1;
        }

        return Math.Max(0, _reader.FieldCount - 1);
    }
}
