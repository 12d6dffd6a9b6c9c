using System.Collections.Concurrent;

namespace Ferry.Core.Okta;

/// <summary>Calls made and 429s seen, per bucket, for one job (thread-safe).</summary>
public sealed class OktaCallMetrics
{
    private readonly ConcurrentDictionary<string, Counter> _buckets = new(StringComparer.Ordinal);

    public void CountRequest(string bucket) => Interlocked.Increment(ref Get(bucket).Requests);

    public void CountThrottled(string bucket) => Interlocked.Increment(ref Get(bucket).Throttled);

    public IReadOnlyDictionary<string, BucketCalls> Snapshot() =>
        _buckets.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => new BucketCalls(Interlocked.Read(ref p.Value.Requests), Interlocked.Read(ref p.Value.Throttled)), StringComparer.Ordinal);

    /// <summary>Adds counts carried over from an earlier run of the same job (e.g. before a restart).</summary>
    public void Add(IReadOnlyDictionary<string, BucketCalls> earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        foreach (var (bucket, calls) in earlier)
        {
            Interlocked.Add(ref Get(bucket).Requests, calls.Requests);
            Interlocked.Add(ref Get(bucket).Throttled, calls.Throttled);
        }
    }

    private Counter Get(string bucket) => _buckets.GetOrAdd(bucket, static _ => new Counter());

    private sealed class Counter
    {
        public long Requests;
        public long Throttled;
    }
}
