using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Ferry.Storage.Reports;

/// <summary>
/// Writes a block blob as staged blocks and replaces its content in one step, when disposed (Put Block List). Readers
/// see the previous version until then — never an empty or half-written report. (The SDK's <c>OpenWriteAsync</c> with
/// overwrite first replaces the blob with an empty one, so a user reading results.csv while a job rewrites it could
/// get nothing.) A report that fits in one block is written with one Put Blob instead, equally all at once. Memory:
/// one block.
/// </summary>
internal sealed class StagedBlobWriteStream(BlockBlobClient blob, BlobHttpHeaders headers, int blockSize = StagedBlobWriteStream.DefaultBlockSize) : Stream
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    private readonly List<string> _blocks = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private int _count;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _buffer is not null;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var target = _buffer ?? throw new ObjectDisposedException(nameof(StagedBlobWriteStream));
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, blockSize - _count);
            buffer[..take].CopyTo(target.AsMemory(_count));
            _count += take;
            _length += take;
            buffer = buffer[take..];
            if (_count == blockSize)
            {
                await StageAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("write asynchronously: staging a block is a network call");

    /// <summary>Nothing to do: the content is committed once, when the stream is disposed.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        if (_buffer is null)
        {
            return;
        }

        try
        {
            if (_blocks.Count == 0)
            {
                // All of it in one block: one Put Blob (as atomic for readers as a block list, one request fewer).
                using var content = new MemoryStream(_buffer, 0, _count, writable: false);
                await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers });
            }
            else
            {
                await StageAsync(CancellationToken.None);
                await blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions { HttpHeaders = headers });
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            // Not committed: only an asynchronous dispose writes the blob.
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return; // an empty report commits an empty list
        }

        // Block ids of one length, in order (the list, not the ids, sets the order).
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blocks.Count.ToString("d6", CultureInfo.InvariantCulture)));
        using var content = new MemoryStream(_buffer!, 0, _count, writable: false);
        await blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
        _blocks.Add(id);
        _count = 0;
    }
}
