using System.Buffers;

namespace Ferry.Core.Auth0;

/// <summary>
/// Finds the top-level values of a JSON array (<c>[{…},{…}]</c>) or an NDJSON file (one value a line) in a stream, read
/// once, without holding more than one record: it scans bytes, tracks lines and columns, strings, escapes and nesting,
/// and yields each value's byte range and position with its bytes (up to a limit). A broken structure that makes the
/// rest unreadable (an array never closed, a missing comma, text after the array, a bracket that does not match) stops
/// it with <see cref="Failure"/>; in NDJSON a broken line is only that record's problem.
/// </summary>
internal sealed class JsonRecordSplitter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MaxDepth = 1000;

    private readonly Stream _stream;
    private readonly bool _lines;
    private readonly int _maxRecordBytes;
    private readonly byte[] _buffer;
    private readonly byte[] _record;
    private readonly byte[] _stack = new byte[MaxDepth];
    private int _pos;
    private int _count;
    private bool _eof;
    private long _offset;
    private int _line;
    private int _column;
    private Top _top;

    /// <param name="stream">The bytes after <paramref name="prefix"/>.</param>
    /// <param name="prefix">Bytes already read from the start of the stream (after any BOM).</param>
    /// <param name="fileStart">File offset of the first byte (of the prefix, or of the stream).</param>
    /// <param name="lines">NDJSON rather than a JSON array.</param>
    /// <param name="range">The bytes are a chunk's range: values and separators, without the array's brackets.</param>
    public JsonRecordSplitter(Stream stream, ReadOnlyMemory<byte> prefix, long fileStart, int line, int column, bool lines, bool range, int maxRecordBytes)
    {
        _stream = stream;
        _lines = lines;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BufferSize, prefix.Length));
        _record = ArrayPool<byte>.Shared.Rent(maxRecordBytes);
        prefix.CopyTo(_buffer);
        _count = prefix.Length;
        _offset = fileStart;
        _line = line;
        _column = column;
        _top = lines ? Top.Lines : range ? Top.RangeValue : Top.BeforeArray;
    }

    private enum Top
    {
        BeforeArray,
        FirstValueOrEnd,
        CommaOrEnd,
        Value,
        AfterArray,
        RangeValue,
        RangeComma,
        Lines,
    }

    public JsonRecordSpan Current { get; private set; }

    /// <summary>Why the rest of the file cannot be read: a message with the 1-based line and column it is about.</summary>
    public (string Message, int Line, int Column)? Failure { get; private set; }

    /// <summary>File offset just past the bytes read so far (the file's length once reading has ended).</summary>
    public long Position => _offset;

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_pos == _count && !await FillAsync(cancellationToken))
            {
                return End();
            }

            var b = _buffer[_pos];
            if (IsWhitespace(b))
            {
                Advance(b);
                continue;
            }

            switch (_top)
            {
                case Top.BeforeArray:
                    if (b != (byte)'[')
                    {
                        return Fail("a JSON users file must be an array: it must start with '['");
                    }

                    Advance(b);
                    _top = Top.FirstValueOrEnd;
                    continue;
                case Top.FirstValueOrEnd or Top.CommaOrEnd when b == (byte)']':
                    Advance(b);
                    _top = Top.AfterArray;
                    continue;
                case Top.CommaOrEnd or Top.RangeComma when b == (byte)',':
                    Advance(b);
                    _top = _top == Top.RangeComma ? Top.RangeValue : Top.Value;
                    continue;
                case Top.CommaOrEnd or Top.RangeComma:
                    return Fail("expected ',' between users or ']' to end the array");
                case Top.AfterArray:
                    return Fail("there is text after the array's closing ']'");
                case Top.Value when b == (byte)']':
                    return Fail("a ',' is followed by ']' (a trailing comma); remove the comma");
                case Top.FirstValueOrEnd or Top.Value or Top.RangeValue when b is (byte)',' or (byte)']' or (byte)'}':
                    return Fail($"expected a user object, not '{(char)b}'");
                default:
                    if (!await ReadValueAsync(cancellationToken))
                    {
                        return false;
                    }

                    if (_top is not Top.Lines)
                    {
                        _top = _top == Top.RangeValue ? Top.RangeComma : Top.CommaOrEnd;
                    }

                    return true;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_record);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private bool End()
    {
        if (Failure is null && _top is Top.BeforeArray)
        {
            Fail("a JSON users file must be an array: it must start with '['");
        }
        else if (Failure is null && _top is Top.FirstValueOrEnd or Top.CommaOrEnd or Top.Value)
        {
            Fail("the file ends before the array's closing ']'");
        }

        return false;
    }

    private bool Fail(string message) => Fail(message, _line, _column);

    private bool Fail(string message, int line, int column)
    {
        Failure = (message, line, column);
        return false;
    }

    /// <summary>Reads one value starting at the current byte; false (with <see cref="Failure"/>) when the structure breaks.</summary>
    private async ValueTask<bool> ReadValueAsync(CancellationToken cancellationToken)
    {
        var start = _offset;
        var (line, column) = (_line, _column);
        var length = 0;
        var depth = 0;
        bool inString = false, escape = false, broken = false, done = false;
        var scalar = _buffer[_pos] is not ((byte)'{' or (byte)'[' or (byte)'"');
        while (!done)
        {
            if (_pos == _count && !await FillAsync(cancellationToken))
            {
                if (_lines)
                {
                    broken |= !scalar;
                    break;
                }

                if (scalar)
                {
                    break;
                }

                return Fail("this user object is never closed: the file ends inside it", line, column);
            }

            var b = _buffer[_pos];
            if (_lines && b == (byte)'\n')
            {
                // NDJSON: a value ends with its line.
                broken |= !scalar;
                break;
            }

            if (scalar)
            {
                if (!_lines && (IsWhitespace(b) || b is (byte)',' or (byte)']' or (byte)'}'))
                {
                    break;
                }
            }
            else if (inString)
            {
                if (escape)
                {
                    escape = false;
                }
                else if (b == (byte)'\\')
                {
                    escape = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                    done = depth == 0;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                if (depth == MaxDepth)
                {
                    if (!_lines)
                    {
                        return Fail("this user object is nested more than 1000 levels deep", line, column);
                    }

                    (broken, scalar) = (true, true);
                }
                else
                {
                    _stack[depth++] = b;
                }
            }
            else if (b is (byte)'}' or (byte)']')
            {
                var opener = b == (byte)'}' ? (byte)'{' : (byte)'[';
                if (depth == 0 || _stack[depth - 1] != opener)
                {
                    if (!_lines)
                    {
                        var expected = depth == 0 ? ',' : _stack[depth - 1] == (byte)'{' ? '}' : ']';
                        return Fail($"'{(char)b}' does not close what is open here (expected '{expected}')");
                    }

                    // NDJSON: the rest of the line is this broken record.
                    (broken, scalar) = (true, true);
                }
                else
                {
                    depth--;
                    done = depth == 0;
                }
            }

            if (length < _maxRecordBytes)
            {
                _record[length] = b;
            }

            length++;
            Advance(b);
        }

        var oversize = length > _maxRecordBytes;
        Current = new JsonRecordSpan(start, _offset, line, column, oversize ? ReadOnlyMemory<byte>.Empty : _record.AsMemory(0, length), oversize, broken);
        return true;
    }

    private void Advance(byte b)
    {
        _pos++;
        _offset++;
        if (b == (byte)'\n')
        {
            _line++;
            _column = 1;
        }
        else if ((b & 0xC0) != 0x80)
        {
            _column++;
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        _count = await _stream.ReadAsync(_buffer.AsMemory(0, BufferSize), cancellationToken);
        _pos = 0;
        _eof = _count == 0;
        return !_eof;
    }
}
