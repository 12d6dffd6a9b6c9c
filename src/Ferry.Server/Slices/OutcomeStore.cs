using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Outcomes;
using Ferry.Server.Jobs;
using Ferry.Server.Storage;

namespace Ferry.Server.Slices;

/// <summary>
/// Row outcomes in the state container, one JSON-lines blob per batch:
/// <c>outcomes/{instanceId}/{phase}/{slice:D6}/{batch:D6}.jsonl</c>. Writing a batch again overwrites it, so a batch
/// processed twice (after a crash) still yields each row once; names sort in input order.
/// </summary>
public sealed class OutcomeStore(FerryBlobStorage storage)
{
    public static string Prefix(string instanceId) => $"outcomes/{instanceId}/";

    public static string BatchName(string instanceId, string phase, int slice, int batch) =>
        $"{Prefix(instanceId)}{phase}/{slice:D6}/{batch:D6}.jsonl";

    public async Task WriteBatchAsync(string instanceId, string phase, int slice, int batch, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        using var buffer = new MemoryStream();
        foreach (var outcome in outcomes)
        {
            JsonSerializer.Serialize(buffer, outcome, ServerJsonContext.Default.RowOutcome);
            buffer.WriteByte((byte)'\n');
        }

        buffer.Position = 0;
        await storage.State.GetBlobClient(BatchName(instanceId, phase, slice, batch)).UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    public async Task<List<RowOutcome>> ReadBatchAsync(string instanceId, string phase, int slice, int batch, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.State.GetBlobClient(BatchName(instanceId, phase, slice, batch)).DownloadContentAsync(cancellationToken);
            return Parse(content.Value.Content.ToMemory());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Every outcome of a phase, in input order.</summary>
    public async IAsyncEnumerable<RowOutcome> ReadPhaseAsync(string instanceId, string phase, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Prefix(instanceId)}{phase}/", cancellationToken))
        {
            var content = await storage.State.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken);
            foreach (var outcome in Parse(content.Value.Content.ToMemory()))
            {
                yield return outcome;
            }
        }
    }

    /// <summary>
    /// The outcome blobs of a phase, in input order, with their ETags (one listing request per 5,000). ETags are given
    /// unquoted, as <see cref="ReadAsync"/> gives them: listings and downloads quote them differently.
    /// </summary>
    public async IAsyncEnumerable<(string Name, string ETag)> ListPhaseAsync(string instanceId, string phase, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Prefix(instanceId)}{phase}/", cancellationToken))
        {
            yield return (item.Name, Unquoted(item.Properties.ETag));
        }
    }

    /// <summary>One outcome blob's rows, and the ETag of the version read.</summary>
    public async Task<(List<RowOutcome> Outcomes, string ETag)> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var content = await storage.State.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return (Parse(content.Value.Content.ToMemory()), Unquoted(content.Value.Details.ETag));
    }

    private static string Unquoted(ETag? etag) => etag?.ToString().Trim('"') ?? "";

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix(instanceId), cancellationToken))
        {
            await storage.State.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
        }
    }

    private static List<RowOutcome> Parse(ReadOnlyMemory<byte> content)
    {
        var outcomes = new List<RowOutcome>();
        var span = content.Span;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (!line.IsEmpty)
            {
                outcomes.Add(JsonSerializer.Deserialize(line, ServerJsonContext.Default.RowOutcome)!);
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return outcomes;
    }
}
