using Ferry.Core.Okta;

namespace Ferry.Orchestration.Jobs;

/// <summary>Adds up requests and 429s per rate-limit bucket.</summary>
public static class CallCounts
{
    public static IReadOnlyDictionary<string, BucketCalls> Empty { get; } = new Dictionary<string, BucketCalls>();

    public static IReadOnlyDictionary<string, BucketCalls> Plus(this IReadOnlyDictionary<string, BucketCalls> a, IReadOnlyDictionary<string, BucketCalls> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sum = new Dictionary<string, BucketCalls>(a, StringComparer.Ordinal);
        foreach (var (bucket, calls) in b)
        {
            sum[bucket] = sum.TryGetValue(bucket, out var known) ? new BucketCalls(known.Requests + calls.Requests, known.Throttled + calls.Throttled) : calls;
        }

        return sum;
    }
}
