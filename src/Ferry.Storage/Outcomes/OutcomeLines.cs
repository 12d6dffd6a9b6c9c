using System.Buffers;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Outcomes;

namespace Ferry.Storage.Outcomes;

/// <summary>Row outcomes as JSON lines, one per outcome: how outcome batches and a running batch's checkpoint store them.</summary>
internal static class OutcomeLines
{
    /// <summary>The outcomes as JSON lines, in a pooled buffer the caller disposes.</summary>
    public static PooledBufferWriter Write(IEnumerable<RowOutcome> outcomes)
    {
        var buffer = new PooledBufferWriter();
        using var json = new Utf8JsonWriter(buffer);
        foreach (var outcome in outcomes)
        {
            JsonSerializer.Serialize(json, outcome, StorageJsonContext.Default.RowOutcome);
            json.Flush();
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            json.Reset();
        }

        return buffer;
    }

    /// <summary>
    /// Reads a download into a rented buffer and parses it: a batch of thousands of rows is most of a megabyte, and a
    /// fresh array of that size per read would land on the large-object heap each time.
    /// </summary>
    public static async Task<List<RowOutcome>> ReadAsync(BlobDownloadStreamingResult download, CancellationToken cancellationToken)
    {
        var length = checked((int)download.Details.ContentLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            await download.Content.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
            return Parse(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static List<RowOutcome> Parse(ReadOnlyMemory<byte> content)
    {
        var outcomes = new List<RowOutcome>();
        var span = content.Span;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (!line.IsEmpty)
            {
                outcomes.Add(JsonSerializer.Deserialize(line, StorageJsonContext.Default.RowOutcome)!);
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return outcomes;
    }
}
