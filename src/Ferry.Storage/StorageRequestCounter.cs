using Azure.Core;
using Azure.Core.Pipeline;

namespace Ferry.Storage;

/// <summary>Counts every HTTP request Ferry sends to Blob Storage (retries included), for the durability-cost benchmark.</summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _requests);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _requests);
        return ProcessNextAsync(message, pipeline);
    }
}
