using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Bench.Throughput;

/// <summary>
/// The parallel script a user would write next: N workers (default 20) creating users with <c>groupIds</c>, retrying
/// a 429 as Okta's SDKs do — wait until <c>X-Rate-Limit-Reset</c> (measured against the response's <c>Date</c>) plus
/// one second — and giving up after 2 retries, their default.
/// </summary>
internal static class ParallelScript
{
    public const int MaxRetries = 2;

    public static async Task<ScriptResult> RunAsync(HttpClient okta, IReadOnlyList<BenchUser> users, IReadOnlyDictionary<string, string> groupIds, int workers, CancellationToken cancellationToken)
    {
        var reported = new ConcurrentDictionary<int, string>();
        var queue = new ConcurrentQueue<BenchUser>(users);
        var started = TimeProvider.System.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (queue.TryDequeue(out var user))
            {
                reported[user.Row] = await CreateAsync(okta, user, groupIds, cancellationToken);
            }
        }));
        return new ScriptResult(reported, TimeProvider.System.GetElapsedTime(started));
    }

    private static async Task<string> CreateAsync(HttpClient okta, BenchUser user, IReadOnlyDictionary<string, string> groupIds, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["profile"] = new JsonObject { ["login"] = user.Login, ["email"] = user.Login, ["firstName"] = user.FirstName, ["lastName"] = user.LastName },
            ["groupIds"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)groupIds[g])]),
        };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await okta.PostAsJsonAsync(new Uri("/api/v1/users?activate=false", UriKind.Relative), body, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return "created";
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxRetries)
            {
                return response.StatusCode == HttpStatusCode.TooManyRequests ? "failed: rate limited after 2 retries" : $"failed: {(int)response.StatusCode}";
            }

            await Task.Delay(BackoffFor(response), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>Okta's SDKs: <c>X-Rate-Limit-Reset</c> minus the response's <c>Date</c>, plus one second.</summary>
    private static TimeSpan BackoffFor(HttpResponseMessage response)
    {
        var date = response.Headers.Date ?? TimeProvider.System.GetUtcNow();
        if (response.Headers.TryGetValues("X-Rate-Limit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - date;
            return (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        }

        return TimeSpan.FromSeconds(1);
    }
}
