using System.Globalization;
using System.Net.Http.Headers;

namespace Ferry.Core.RateLimiting;

/// <summary>Okta's <c>X-Rate-Limit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> (UTC epoch seconds).</summary>
public readonly record struct RateLimitHeaders(int Limit, int Remaining, DateTimeOffset Reset)
{
    /// <summary>Reads the headers; null when any is missing or malformed. When several values come back, the smallest wins.</summary>
    public static RateLimitHeaders? From(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Read(headers, "X-Rate-Limit-Limit") is { } limit
            && Read(headers, "X-Rate-Limit-Remaining") is { } remaining
            && Read(headers, "X-Rate-Limit-Reset") is { } reset
            ? new RateLimitHeaders((int)limit, (int)remaining, DateTimeOffset.FromUnixTimeSeconds(reset))
            : null;
    }

    private static long? Read(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values))
        {
            return null;
        }

        long? smallest = null;
        foreach (var value in values.SelectMany(v => v.Split(',')))
        {
            if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                smallest = smallest is null ? parsed : Math.Min(smallest.Value, parsed);
            }
        }

        return smallest;
    }
}
