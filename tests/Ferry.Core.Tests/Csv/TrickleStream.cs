namespace Ferry.Core.Tests.Csv;

/// <summary>
/// A read-only, non-seekable stream over bytes that returns at most a few bytes per read (chosen by a seeded random), so
/// that records, CR LF pairs and UTF-8 sequences are split across reads as a network stream would split them.
/// </summary>
internal sealed class TrickleStream(byte[] bytes, int offset, int count, int seed, int maxRead = 7) : Stream
{
    private readonly Random _random = new(seed);
    private int _position = offset;
    private readonly int _end = offset + count;

    public TrickleStream(byte[] bytes, int seed, int maxRead = 7)
        : this(bytes, 0, bytes.Length, seed, maxRead)
    {
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, _end - _position), _random.Next(1, maxRead + 1));
        bytes.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
