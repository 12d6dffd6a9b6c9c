using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Ferry.Storage;

/// <summary>
/// Counts every HTTP request Ferry sends to Azure Storage (retries included) — blobs, and the task hub's queues and
/// tables when the host gives it to the Durable Task provider's clients — in all and by kind, for the durability-cost
/// benchmark and operators.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bytesByKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _services = new(StringComparer.OrdinalIgnoreCase);
    private long _requests;

    /// <summary>Names the service at an endpoint (the account's blob, queue and table endpoints, which may share a host).</summary>
    public void Name(Uri endpoint, string service)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _services[endpoint.Authority] = service;
    }

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests by service and operation, e.g. <c>queue GET messages</c>, <c>table POST $batch</c>, <c>blob PUT</c>.</summary>
    public IReadOnlyDictionary<string, long> ByKind => new SortedDictionary<string, long>(_byKind, StringComparer.Ordinal);

    /// <summary>
    /// Bytes of the response bodies storage answered with (their Content-Length: a ranged read counts its range), by the
    /// same kinds — what shows whether a reader reads a part of a blob or the whole of it.
    /// </summary>
    public IReadOnlyDictionary<string, long> ResponseBytesByKind => new SortedDictionary<string, long>(_bytesByKind, StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = Count(message);
        ProcessNext(message, pipeline);
        CountBytes(message, kind);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = Count(message);
        await ProcessNextAsync(message, pipeline);
        CountBytes(message, kind);
    }

    private string Count(HttpMessage message)
    {
        Interlocked.Increment(ref _requests);
        var kind = Kind(message.Request);
        _byKind.AddOrUpdate(kind, 1, static (_, count) => count + 1);
        return kind;
    }

    private void CountBytes(HttpMessage message, string kind)
    {
        // A HEAD's Content-Length is the blob's, not a body's.
        if (message.HasResponse && message.Request.Method != RequestMethod.Head && message.Response.Headers.ContentLengthLong is > 0 and var length)
        {
            _bytesByKind.AddOrUpdate(kind, static (_, add) => add, static (_, count, add) => count + add, length);
        }
    }

    /// <summary>The service (from the account's endpoint), the method and what the path names (never a blob's or instance's name).</summary>
    private string Kind(Request request)
    {
        var uri = request.Uri.ToUri();
        var path = uri.AbsolutePath;
        var service = _services.GetValueOrDefault(uri.Authority) ?? "storage";
        var what = service switch
        {
            "queue" => path.Contains("/messages", StringComparison.Ordinal) ? "messages" : "queue",
            "table" => path.Contains("$batch", StringComparison.Ordinal) ? "$batch" : "entities",
            _ => uri.Query.Contains("comp=list", StringComparison.Ordinal) ? "list" : uri.Query.Contains("comp=", StringComparison.Ordinal) ? "comp" : "blob",
        };
        return $"{service} {request.Method} {what}";
    }
}
