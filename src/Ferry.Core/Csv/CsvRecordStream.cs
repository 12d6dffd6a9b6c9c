using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Ferry.Core.Csv;

/// <summary>
/// The stream CsvHelper reads a file through. As the bytes pass, it applies CsvHelper's record rules (RFC 4180, spaces and
/// tabs allowed around a quoted field, empty lines skipped), so it knows where every record is in the file — byte offsets
/// and physical line — whatever the encoding or line endings. It transcodes UTF-16 to UTF-8, which CsvHelper reads
/// natively. And it caps every record at a size: a longer record reaches CsvHelper cut at the limit and closed (a quote
/// if one is open, and a line break) while the rest of it is skipped, so a 10 MB line or a quote that is never closed
/// costs the limit in memory, not the file.
/// </summary>
internal sealed class CsvRecordStream : Stream
{
    private const byte Quote = (byte)'"';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';
    private const int RawSize = 64 * 1024;

    // CsvHelper takes a byte order mark at the start of its input as the encoding. Starting with an empty line, which
    // it skips, keeps a record that happens to start with such bytes (a slice of an invalid UTF-8 file) a record.
    private static readonly byte[] Start = [Lf];
    private static readonly byte[] LineBreakOnly = [Lf];
    private static readonly byte[] QuoteAndLineBreak = [Quote, Lf];
    private static readonly byte[] EmptyFieldAndLineBreak = [Quote, Quote, Lf];
    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create([Quote, Cr, Lf]);

    private readonly Stream _source;
    private readonly TextEncodingKind _encoding;
    private readonly int _fileBytesPerAscii;
    private readonly byte _delimiter;
    private readonly long _maxRecordBytes;
    private readonly long _fileStart;
    private readonly SearchValues<byte> _unquotedStops;
    private readonly Queue<CsvRecordSpan> _records = new();
    private readonly byte[] _raw;
    private readonly char[]? _chars;
    private readonly byte[] _chunk;
    private ReadOnlyMemory<byte> _prefix;

    private int _rawCount;
    private int _chunkEnd;
    private int _scanPos;
    private int _deliverPos;
    private bool _sourceEnded;
    private bool _finished;
    private long _sourceBytes;
    private byte[] _injection = Start;
    private int _injectionPos;
    private bool _disposed;

    private ScanState _state = ScanState.RecordStart;
    private int _lineBreaks;
    private long _outScanned = Start.Length;
    private long _fileScanned;
    private long _recordOutStart;
    private long _recordFileStart;
    private int _recordStartLine;
    private long _recordLength;
    private bool _skipping;
    private byte[] _skipInjection = LineBreakOnly;

    /// <param name="source">The file's bytes after <paramref name="prefix"/>, read once, in order.</param>
    /// <param name="encoding">How the file is encoded.</param>
    /// <param name="delimiter">The field separator (ASCII).</param>
    /// <param name="maxRecordBytes">The longest record, in bytes of UTF-8, that is passed on whole.</param>
    /// <param name="prefix">Bytes already read from the start of <paramref name="source"/> (no BOM).</param>
    /// <param name="fileStart">The absolute file offset of the first byte of <paramref name="prefix"/>.</param>
    public CsvRecordStream(Stream source, TextEncodingKind encoding, char delimiter, int maxRecordBytes, ReadOnlyMemory<byte> prefix, long fileStart)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordBytes);
        _source = source;
        _encoding = encoding;
        _fileBytesPerAscii = encoding == TextEncodingKind.Utf8 ? 1 : 2;
        _delimiter = (byte)delimiter;
        _maxRecordBytes = maxRecordBytes;
        _fileStart = fileStart;
        _fileScanned = fileStart;
        _prefix = prefix;
        _unquotedStops = SearchValues.Create([_delimiter, Cr, Lf]);
        _raw = ArrayPool<byte>.Shared.Rent(RawSize);
        if (encoding == TextEncodingKind.Utf8)
        {
            _chunk = _raw;
        }
        else
        {
            _chars = ArrayPool<char>.Shared.Rent((RawSize / 2) + 1);
            _chunk = ArrayPool<byte>.Shared.Rent((RawSize / 2 * 3) + 16);
        }
    }

    private enum ScanState
    {
        /// <summary>Before a record: a line break here is an empty line.</summary>
        RecordStart,

        /// <summary>
        /// Spaces or tabs at the start of a line. They are not passed on (CsvHelper would trim them), so a line of only
        /// whitespace reaches it as the empty line it takes it for, and whitespace never counts toward the size limit.
        /// </summary>
        LeadingWhitespace,

        /// <summary>At the start of a field, possibly after spaces or tabs.</summary>
        FieldStart,

        /// <summary>In an unquoted field, or in a field with text after its closing quote (quotes are text there).</summary>
        Unquoted,

        /// <summary>Inside a quoted field: separators and line breaks are text.</summary>
        InQuotes,

        /// <summary>Just after a quote inside a quoted field: the closing quote, or the first of an escaped pair.</summary>
        QuoteInQuoted,

        /// <summary>After a closing quote and some spaces or tabs.</summary>
        AfterClose,
    }

    /// <summary>The file's length, known once the stream has been read to its end.</summary>
    public long FileLength => _fileStart + _sourceBytes;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// The position of the record CsvHelper has just read, which starts at <paramref name="outStart"/> of this stream.
    /// Records are taken in order; a record CsvHelper sees where this stream saw none is a bug, not a CSV problem.
    /// </summary>
    public CsvRecordSpan TakeRecord(long outStart)
    {
        if (!_records.TryDequeue(out var span) || span.OutStart != outStart)
        {
            throw new InvalidOperationException(
                $"CsvHelper returned a record at byte {outStart} of its input where Ferry's record scanner expected one at {span.OutStart}");
        }

        return span;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var read = ReadCore(buffer, out var needSource);
            if (!needSource)
            {
                return read;
            }

            var target = PrepareFill();
            CompleteFill(ReadSource(target.Span));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = ReadCore(buffer.Span, out var needSource);
            if (!needSource)
            {
                return read;
            }

            var target = PrepareFill();
            CompleteFill(await ReadSourceAsync(target, cancellationToken));
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_raw);
            if (_chars is not null)
            {
                ArrayPool<char>.Shared.Return(_chars);
                ArrayPool<byte>.Shared.Return(_chunk);
            }
        }

        base.Dispose(disposing);
    }

    private int ReadCore(Span<byte> destination, out bool needSource)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        needSource = false;
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_injectionPos < _injection.Length)
            {
                var count = Math.Min(destination.Length, _injection.Length - _injectionPos);
                _injection.AsSpan(_injectionPos, count).CopyTo(destination);
                _injectionPos += count;
                return count;
            }

            if (_deliverPos < _scanPos)
            {
                var count = Math.Min(destination.Length, _scanPos - _deliverPos);
                _chunk.AsSpan(_deliverPos, count).CopyTo(destination);
                _deliverPos += count;
                return count;
            }

            if (_finished)
            {
                return 0;
            }

            // A CR at the end of what has been read waits for the next byte: it may be the first half of a CR LF.
            var limit = _chunkEnd;
            if (!_sourceEnded && limit > _scanPos && _chunk[limit - 1] == Cr)
            {
                limit--;
            }

            if (_scanPos < limit)
            {
                Scan(limit);
                continue;
            }

            if (!_sourceEnded)
            {
                needSource = true;
                return 0;
            }

            FinishInput();
            _finished = true;
        }
    }

    /// <summary>Moves the bytes not scanned yet to the start of the chunk and returns where the next source bytes go.</summary>
    private Memory<byte> PrepareFill()
    {
        if (_scanPos > 0)
        {
            var keep = _chunkEnd - _scanPos;
            _chunk.AsSpan(_scanPos, keep).CopyTo(_chunk);
            _chunkEnd = keep;
            _scanPos = 0;
            _deliverPos = 0;
        }

        return _encoding == TextEncodingKind.Utf8 ? _raw.AsMemory(_chunkEnd) : _raw.AsMemory(_rawCount);
    }

    private int ReadSource(Span<byte> target)
    {
        if (!_prefix.IsEmpty)
        {
            return TakePrefix(target);
        }

        return _source.Read(target);
    }

    private async ValueTask<int> ReadSourceAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        if (!_prefix.IsEmpty)
        {
            return TakePrefix(target.Span);
        }

        return await _source.ReadAsync(target, cancellationToken);
    }

    private int TakePrefix(Span<byte> target)
    {
        var count = Math.Min(target.Length, _prefix.Length);
        _prefix.Span[..count].CopyTo(target);
        _prefix = _prefix[count..];
        return count;
    }

    private void CompleteFill(int read)
    {
        _sourceEnded = read == 0;
        _sourceBytes += read;
        if (_encoding == TextEncodingKind.Utf8)
        {
            _chunkEnd += read;
            return;
        }

        _rawCount += read;
        Transcode();
    }

    /// <summary>UTF-16 bytes to UTF-8; a lone surrogate, or an odd last byte, becomes U+FFFD.</summary>
    private void Transcode()
    {
        var units = _rawCount / 2;
        var chars = _chars.AsSpan(0, units);
        var rawUnits = MemoryMarshal.Cast<byte, ushort>(_raw.AsSpan(0, units * 2));
        var littleEndian = _encoding == TextEncodingKind.Utf16LittleEndian;
        if (littleEndian == BitConverter.IsLittleEndian)
        {
            rawUnits.CopyTo(MemoryMarshal.Cast<char, ushort>(chars));
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(rawUnits, MemoryMarshal.Cast<char, ushort>(chars));
        }

        Utf8.FromUtf16(chars, _chunk.AsSpan(_chunkEnd), out var charsRead, out var written, replaceInvalidSequences: true, isFinalBlock: _sourceEnded);
        _chunkEnd += written;
        var consumed = charsRead * 2;
        if (_sourceEnded && _rawCount - consumed == 1)
        {
            "\uFFFD"u8.CopyTo(_chunk.AsSpan(_chunkEnd));
            _chunkEnd += 3;
            consumed = _rawCount;
        }

        var left = _rawCount - consumed;
        _raw.AsSpan(consumed, left).CopyTo(_raw);
        _rawCount = left;
    }

    /// <summary>Runs the record rules over the chunk up to <paramref name="limit"/>, or until a record is cut or a cut record ends.</summary>
    private void Scan(int limit)
    {
        var skippingAtStart = _skipping;
        var buffer = _chunk;
        var p = _scanPos;
        var stop = false;
        while (!stop && p < limit)
        {
            var b = buffer[p];
            switch (_state)
            {
                case ScanState.RecordStart:
                    if (b is Cr or Lf)
                    {
                        // An empty line: CsvHelper skips it, and it is no record's content.
                        var length = LineBreakLength(p);
                        _lineBreaks++;
                        _fileScanned += length * _fileBytesPerAscii;
                        _outScanned += length;
                        p += length;
                        break;
                    }

                    _recordFileStart = _fileScanned;
                    _recordStartLine = _lineBreaks;
                    _recordLength = 0;
                    _state = ScanState.LeadingWhitespace;
                    break;

                case ScanState.LeadingWhitespace:
                    if (b is Cr or Lf)
                    {
                        // Whitespace, then a line break: an empty line after all.
                        _state = ScanState.RecordStart;
                    }
                    else if (IsWhitespace(b) && _deliverPos < p)
                    {
                        // Hand over what comes before, so that the whitespace can be left out.
                        stop = true;
                    }
                    else if (IsWhitespace(b))
                    {
                        _fileScanned += _fileBytesPerAscii;
                        p++;
                        _deliverPos = p;
                    }
                    else
                    {
                        _recordOutStart = _outScanned;
                        _state = ScanState.FieldStart;
                    }

                    break;

                case ScanState.FieldStart:
                    if (b is Cr or Lf)
                    {
                        stop = EndRecord(ref p);
                    }
                    else if (b == _delimiter || b is Space or Tab or Quote)
                    {
                        stop = !Take(ref p, 1, b == Quote ? ScanState.InQuotes : ScanState.FieldStart);
                    }
                    else
                    {
                        _state = ScanState.Unquoted;
                    }

                    break;

                case ScanState.Unquoted:
                {
                    var rest = buffer.AsSpan(p, limit - p);
                    var stopAt = rest.IndexOfAny(_unquotedStops);
                    var run = stopAt < 0 ? rest.Length : stopAt;
                    if (run > 0 && !Run(ref p, run))
                    {
                        stop = true;
                    }
                    else if (stopAt >= 0 && buffer[p] == _delimiter)
                    {
                        stop = !Take(ref p, 1, ScanState.FieldStart);
                    }
                    else if (stopAt >= 0)
                    {
                        stop = EndRecord(ref p);
                    }

                    break;
                }

                case ScanState.InQuotes:
                {
                    var rest = buffer.AsSpan(p, limit - p);
                    var stopAt = rest.IndexOfAny(QuotedStops);
                    var run = stopAt < 0 ? rest.Length : stopAt;
                    if (run > 0 && !Run(ref p, run))
                    {
                        stop = true;
                    }
                    else if (stopAt >= 0 && buffer[p] == Quote)
                    {
                        stop = !Take(ref p, 1, ScanState.QuoteInQuoted);
                    }
                    else if (stopAt >= 0)
                    {
                        // A line break inside quotes is text, and a physical line.
                        stop = !Take(ref p, LineBreakLength(p), ScanState.InQuotes);
                        _lineBreaks += stop ? 0 : 1;
                    }

                    break;
                }

                case ScanState.QuoteInQuoted:
                    if (b == Quote)
                    {
                        stop = !Take(ref p, 1, ScanState.InQuotes);
                    }
                    else if (b == _delimiter)
                    {
                        stop = !Take(ref p, 1, ScanState.FieldStart);
                    }
                    else if (b is Cr or Lf)
                    {
                        stop = EndRecord(ref p);
                    }
                    else if (b is Space or Tab)
                    {
                        stop = !Take(ref p, 1, ScanState.AfterClose);
                    }
                    else
                    {
                        _state = ScanState.Unquoted;
                    }

                    break;

                case ScanState.AfterClose:
                    if (b == _delimiter)
                    {
                        stop = !Take(ref p, 1, ScanState.FieldStart);
                    }
                    else if (b is Cr or Lf)
                    {
                        stop = EndRecord(ref p);
                    }
                    else if (b is Space or Tab)
                    {
                        stop = !Take(ref p, 1, ScanState.AfterClose);
                    }
                    else
                    {
                        _state = ScanState.Unquoted;
                    }

                    break;
            }
        }

        _scanPos = p;
        if (skippingAtStart)
        {
            // What was scanned belongs to a record that was cut: CsvHelper never sees it.
            _deliverPos = p;
        }
    }

    private bool IsWhitespace(byte b) => b == Space || (b == Tab && _delimiter != Tab);

    private int LineBreakLength(int p) => _chunk[p] == Cr && p + 1 < _chunkEnd && _chunk[p + 1] == Lf ? 2 : 1;

    /// <summary>
    /// Takes <paramref name="count"/> ASCII bytes of record content and moves to <paramref name="next"/>, or cuts the
    /// record before them (staying in the current state, so that the skip goes on from the same byte).
    /// </summary>
    private bool Take(ref int p, int count, ScanState next)
    {
        if (!_skipping && _recordLength + count > _maxRecordBytes)
        {
            Cut();
            return false;
        }

        _recordLength += count;
        _fileScanned += count * _fileBytesPerAscii;
        if (!_skipping)
        {
            _outScanned += count;
        }

        p += count;
        _state = next;
        return true;
    }

    /// <summary>Takes a run of text bytes (no structural byte among them), or as much as fits before cutting the record.</summary>
    private bool Run(ref int p, int count)
    {
        var take = count;
        var fits = true;
        if (!_skipping && _recordLength + count > _maxRecordBytes)
        {
            // Cut at the limit, but not inside a UTF-8 sequence.
            take = (int)(_maxRecordBytes - _recordLength);
            while (take > 0 && (_chunk[p + take] & 0xC0) == 0x80)
            {
                take--;
            }

            fits = false;
        }

        if (take > 0)
        {
            _recordLength += take;
            _fileScanned += _encoding == TextEncodingKind.Utf8 ? take : 2L * Encoding.UTF8.GetCharCount(_chunk.AsSpan(p, take));
            if (!_skipping)
            {
                _outScanned += take;
            }

            p += take;
        }

        if (!fits)
        {
            Cut();
        }

        return fits;
    }

    /// <summary>
    /// CsvHelper gets the record up to here, then a quote (if one is open) and a line break; the rest is skipped. A record
    /// cut before any of it was passed on (its first character is longer than the limit) gets an empty quoted field, or
    /// CsvHelper would take the line break for an empty line.
    /// </summary>
    private void Cut()
    {
        _skipping = true;
        _skipInjection = _state == ScanState.InQuotes ? QuoteAndLineBreak
            : _recordLength == 0 ? EmptyFieldAndLineBreak
            : LineBreakOnly;
    }

    /// <summary>Takes the record's line break and records where the record is. Returns true when a cut record ended.</summary>
    private bool EndRecord(ref int p)
    {
        var length = LineBreakLength(p);
        _lineBreaks++;
        _fileScanned += length * _fileBytesPerAscii;
        if (!_skipping)
        {
            _outScanned += length;
        }

        p += length;
        _records.Enqueue(new CsvRecordSpan(_recordOutStart, _recordFileStart, _fileScanned, _recordStartLine, _skipping, false));
        _state = ScanState.RecordStart;
        return EndSkip();
    }

    private void FinishInput()
    {
        _fileScanned = FileLength;
        if (_state is ScanState.RecordStart or ScanState.LeadingWhitespace)
        {
            return;
        }

        _records.Enqueue(new CsvRecordSpan(_recordOutStart, _recordFileStart, _fileScanned, _recordStartLine, _skipping, _state == ScanState.InQuotes));
        _state = ScanState.RecordStart;
        EndSkip();
    }

    private bool EndSkip()
    {
        if (!_skipping)
        {
            return false;
        }

        _skipping = false;
        _injection = _skipInjection;
        _injectionPos = 0;
        _outScanned += _injection.Length;
        return true;
    }
}
