using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ferry.Core.Okta;
using Ferry.Core.Reports;
using Ferry.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Auth0Api;

/// <summary>
/// The calls Ferry makes to Auth0's Management API v2. Every call returns a value or an <see cref="Auth0Failure"/>;
/// transient failures are retried with doubling delays, 429s of the rate limit (<c>x-ratelimit-remaining: 0</c>) are
/// waited out until <c>x-ratelimit-reset</c>, and when the last answer said nothing remains, the next call waits for
/// the reset before it is sent, so Ferry does not walk into a 429. A 429 of the import endpoint with requests left
/// (the tenant's import jobs all busy) is returned as Throttled for the caller to wait on. One instance per process.
/// </summary>
public sealed class Auth0Client(IHttpClientFactory http, Auth0TokenProvider tokens, IOptions<Auth0Options> options, TimeProvider time)
{
    public const string HttpClientName = "auth0";

    private static readonly TimeSpan MaxThrottleWait = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset? _spentUntil;

    /// <summary>The connection named (by id <c>con_…</c> or by name), or NotFound.</summary>
    public async Task<Auth0Result<Auth0Connection>> FindConnectionAsync(string nameOrId, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrId);
        if (nameOrId.StartsWith("con_", StringComparison.Ordinal))
        {
            var byId = await SendAsync("GET /api/v2/connections", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/connections/{Uri.EscapeDataString(nameOrId)}"), metrics, cancellationToken);
            return byId.Failed ? Auth0Result<Auth0Connection>.Fail(byId.Failure) : Auth0Result<Auth0Connection>.Ok(ReadConnection(byId.Value!.RootElement));
        }

        var byName = await SendAsync("GET /api/v2/connections", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/connections?name={Uri.EscapeDataString(nameOrId)}"), metrics, cancellationToken);
        if (byName.Failed)
        {
            return Auth0Result<Auth0Connection>.Fail(byName.Failure);
        }

        using var json = byName.Value!;
        foreach (var item in json.RootElement.EnumerateArray())
        {
            var connection = ReadConnection(item);
            if (string.Equals(connection.Name, nameOrId, StringComparison.Ordinal))
            {
                return Auth0Result<Auth0Connection>.Ok(connection);
            }
        }

        return Auth0Result<Auth0Connection>.Fail(new Auth0Failure(Auth0FailureKind.NotFound, 404, "inexistent_connection", $"the tenant has no connection named '{nameOrId}'"));
    }

    /// <summary><c>POST /api/v2/jobs/users-imports</c>: the users file (a JSON array) and the form fields; the job as created.</summary>
    public async Task<Auth0Result<Auth0Job>> CreateUsersImportAsync(Auth0ImportRequest request, ReadOnlyMemory<byte> users, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await SendAsync(
            "POST /api/v2/jobs/users-imports",
            () =>
            {
                var file = new ReadOnlyMemoryContent(users);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var form = new MultipartFormDataContent
                {
                    { file, "users", "users.json" },
                    { new StringContent(request.ConnectionId), "connection_id" },
                    { new StringContent(request.Upsert ? "true" : "false"), "upsert" },
                    { new StringContent(request.ExternalId), "external_id" },
                    { new StringContent(request.SendCompletionEmail ? "true" : "false"), "send_completion_email" },
                };
                return new HttpRequestMessage(HttpMethod.Post, "api/v2/jobs/users-imports") { Content = form };
            },
            metrics,
            cancellationToken);
        return Job(result);
    }

    /// <summary><c>GET /api/v2/jobs/{id}</c>.</summary>
    public async Task<Auth0Result<Auth0Job>> GetJobAsync(string jobId, OktaCallMetrics? metrics, CancellationToken cancellationToken) =>
        Job(await SendAsync("GET /api/v2/jobs", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/jobs/{Uri.EscapeDataString(jobId)}"), metrics, cancellationToken));

    /// <summary><c>GET /api/v2/jobs/{id}/errors</c>: the failed users' keys and errors (none when Auth0 answers 204).</summary>
    public async Task<Auth0Result<IReadOnlyList<Auth0ImportError>>> GetJobErrorsAsync(string jobId, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        var result = await SendAsync("GET /api/v2/jobs/errors", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/jobs/{Uri.EscapeDataString(jobId)}/errors"), metrics, cancellationToken);
        if (result.Failed)
        {
            return Auth0Result<IReadOnlyList<Auth0ImportError>>.Fail(result.Failure);
        }

        using var json = result.Value;
        var errors = new List<Auth0ImportError>();
        if (json is not null && json.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in json.RootElement.EnumerateArray())
            {
                var user = item.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
                var details = new List<Auth0ErrorDetail>();
                if (item.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var error in list.EnumerateArray())
                    {
                        details.Add(Auth0ErrorDetail.FromAuth0(Text(error, "code") ?? "UNKNOWN", Text(error, "message") ?? string.Empty, Text(error, "path")));
                    }
                }

                errors.Add(new Auth0ImportError(
                    user.ValueKind == JsonValueKind.Object ? Text(user, "email") : null,
                    user.ValueKind == JsonValueKind.Object ? Text(user, "user_id") : null,
                    user.ValueKind == JsonValueKind.Object ? Text(user, "username") : null,
                    details));
            }
        }

        return Auth0Result<IReadOnlyList<Auth0ImportError>>.Ok(errors);
    }

    /// <summary><c>GET /api/v2/users-by-email</c>: the users with that email (any connection).</summary>
    public async Task<Auth0Result<IReadOnlyList<Auth0User>>> UsersByEmailAsync(string email, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        var result = await SendAsync("GET /api/v2/users-by-email", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/users-by-email?email={Uri.EscapeDataString(email)}"), metrics, cancellationToken);
        if (result.Failed)
        {
            return Auth0Result<IReadOnlyList<Auth0User>>.Fail(result.Failure);
        }

        using var json = result.Value!;
        return Auth0Result<IReadOnlyList<Auth0User>>.Ok([.. json.RootElement.EnumerateArray().Select(ReadUser)]);
    }

    /// <summary><c>GET /api/v2/users/{id}</c>; NotFound when there is no such user.</summary>
    public async Task<Auth0Result<Auth0User>> GetUserAsync(string userId, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var result = await SendAsync("GET /api/v2/users/{id}", () => new HttpRequestMessage(HttpMethod.Get, $"api/v2/users/{Uri.EscapeDataString(userId)}"), metrics, cancellationToken);
        if (result.Failed)
        {
            return Auth0Result<Auth0User>.Fail(result.Failure);
        }

        using var json = result.Value!;
        return Auth0Result<Auth0User>.Ok(ReadUser(json.RootElement));
    }

    /// <summary><c>DELETE /api/v2/users/{id}</c> (Auth0 answers 204 whether or not the user existed).</summary>
    public async Task<Auth0Result<bool>> DeleteUserAsync(string userId, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var result = await SendAsync("DELETE /api/v2/users/{id}", () => new HttpRequestMessage(HttpMethod.Delete, $"api/v2/users/{Uri.EscapeDataString(userId)}"), metrics, cancellationToken);
        result.Value?.Dispose();
        return result.Failed ? Auth0Result<bool>.Fail(result.Failure) : Auth0Result<bool>.Ok(true);
    }

    private static Auth0User ReadUser(JsonElement item)
    {
        var connections = new List<string>();
        if (item.TryGetProperty("identities", out var identities) && identities.ValueKind == JsonValueKind.Array)
        {
            connections.AddRange(identities.EnumerateArray().Select(i => Text(i, "connection")).OfType<string>());
        }

        return new Auth0User(Text(item, "user_id") ?? string.Empty, Text(item, "email"), Date(item, "created_at"), connections)
        {
            UpdatedAt = Date(item, "updated_at"),
            LastLogin = Date(item, "last_login"),
            LoginsCount = Int(item, "logins_count") ?? 0,
            FerryJob = Auth0.Auth0Ownership.Owner(item),
        };
    }

    /// <summary>Auth0's error body: <c>errorCode</c> (or OAuth's <c>error</c>) and <c>message</c> (or <c>error_description</c>).</summary>
    internal static async Task<(string? Code, string Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, $"HTTP {(int)response.StatusCode}")
                : (Text(root, "errorCode") ?? Text(root, "error"), ReportText.Bound(Text(root, "message") ?? Text(root, "error_description") ?? $"HTTP {(int)response.StatusCode}"));
        }
        catch (JsonException)
        {
            return (null, $"HTTP {(int)response.StatusCode}");
        }
    }

    /// <summary>A redirect, worded for a failure: its status and where it pointed (scheme, host and port only), not followed.</summary>
    internal static string Redirected(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.ReasonPhrase} (a redirect to {OktaClient.Origin(response.Headers.Location)}): not followed, since Ferry sends its credentials only to Auth0:Domain";

    /// <summary>When a 429 may be tried again: <c>retry-after</c>, else <c>x-ratelimit-reset</c>, else in a second.</summary>
    internal static DateTimeOffset? RetryAt(HttpResponseMessage response, TimeProvider time)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return time.GetUtcNow() + delta;
        }

        return Reset(response) ?? time.GetUtcNow().AddSeconds(1);
    }

    private static DateTimeOffset? Reset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ratelimit-reset", out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static int? Remaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ratelimit-remaining", out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    private static Auth0Result<Auth0Job> Job(Auth0Result<JsonDocument?> result)
    {
        if (result.Failed)
        {
            return Auth0Result<Auth0Job>.Fail(result.Failure);
        }

        using var json = result.Value!;
        var root = json.RootElement;
        Auth0JobSummary? summary = null;
        if (root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            summary = new Auth0JobSummary(Int(s, "failed") ?? 0, Int(s, "updated") ?? 0, Int(s, "inserted") ?? 0, Int(s, "total") ?? 0);
        }

        return Auth0Result<Auth0Job>.Ok(new Auth0Job(
            Text(root, "id") ?? string.Empty,
            Text(root, "status") ?? string.Empty,
            Text(root, "connection_id"),
            Text(root, "external_id"),
            Date(root, "created_at"),
            Int(root, "percentage_done"),
            Int(root, "time_left_seconds"),
            summary));
    }

    private static Auth0Connection ReadConnection(JsonElement item) => new(Text(item, "id") ?? string.Empty, Text(item, "name") ?? string.Empty, Text(item, "strategy"));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? (int)Math.Round(number) : null;

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    /// <summary>
    /// Sends a request (built afresh for every attempt) with the token, and reads its JSON (null for 204). Retries
    /// transient failures, a 401 once with a new token, and rate-limit 429s after their reset.
    /// </summary>
    private async Task<Auth0Result<JsonDocument?>> SendAsync(string bucket, Func<HttpRequestMessage> build, OktaCallMetrics? metrics, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.BaseUrl is not { } baseUrl)
        {
            return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Rejected, null, null, "Auth0:Domain is not set (or not an https URL): Ferry has no Auth0 tenant to call"));
        }

        var client = http.CreateClient(HttpClientName);
        int transient = 0, throttled = 0;
        var renewed = false;
        while (true)
        {
            await WaitForBudgetAsync(cancellationToken);
            var token = await tokens.GetAsync(cancellationToken);
            if (token.Failed)
            {
                return Auth0Result<JsonDocument?>.Fail(token.Failure);
            }

            using var request = build();
            request.RequestUri = new Uri(baseUrl, request.RequestUri!);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            metrics?.CountRequest(bucket);
            HttpResponseMessage response;
            var span = FerryTelemetry.StartAuth0Request(bucket); // one per attempt; the bucket is the endpoint's template
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(o.AttemptTimeout);
                response = await client.SendAsync(request, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                FerryTelemetry.CountCall(FerryTelemetry.Auth0, bucket, null);
                FerryTelemetry.Answered(span, null);
                span?.Dispose();
                if (transient++ < o.MaxRetries)
                {
                    await Task.Delay(o.RetryBaseDelay * Math.Pow(2, transient - 1), time, cancellationToken);
                    continue;
                }

                return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Transient, null, null, $"{bucket}: Auth0 did not answer ({e.GetType().Name})"));
            }

            FerryTelemetry.CountCall(FerryTelemetry.Auth0, bucket, (int)response.StatusCode);
            FerryTelemetry.Answered(span, (int)response.StatusCode);
            span?.Dispose();
            using (response)
            {
                Remember(response);
                if (response.IsSuccessStatusCode)
                {
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        return Auth0Result<JsonDocument?>.Ok(null);
                    }

                    var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return Auth0Result<JsonDocument?>.Ok(bytes.Length == 0 ? null : JsonDocument.Parse(bytes));
                }

                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Rejected, (int)response.StatusCode, null, $"{bucket}: answered {Redirected(response)}"));
                }

                var (code, message) = await ReadErrorAsync(response, cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Unauthorized when !renewed:
                        tokens.Invalidate(token.Value!);
                        renewed = true;
                        continue;
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Unauthorized, (int)response.StatusCode, code, $"{bucket}: {message}"));
                    case HttpStatusCode.NotFound:
                        return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.NotFound, 404, code, $"{bucket}: {message}"));
                    case HttpStatusCode.TooManyRequests:
                        metrics?.CountThrottled(bucket);
                        FerryTelemetry.CountThrottled(FerryTelemetry.Auth0, bucket);
                        var retryAt = RetryAt(response, time)!.Value;
                        if (Remaining(response) == 0 && throttled++ < o.MaxThrottledRetries && retryAt - time.GetUtcNow() <= MaxThrottleWait)
                        {
                            continue; // the rate limit: the next loop waits for its reset
                        }

                        return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Throttled, 429, code, $"{bucket}: {message}", retryAt));
                    case HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError:
                        if (transient++ < o.MaxRetries)
                        {
                            await Task.Delay(o.RetryBaseDelay * Math.Pow(2, transient - 1), time, cancellationToken);
                            continue;
                        }

                        return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Transient, (int)response.StatusCode, code, $"{bucket}: {message}"));
                    default:
                        return Auth0Result<JsonDocument?>.Fail(new Auth0Failure(Auth0FailureKind.Rejected, (int)response.StatusCode, code, $"{bucket}: {message}"));
                }
            }
        }
    }

    /// <summary>Keeps the rate limit's reset when the answer says nothing remains (or it is a 429).</summary>
    private void Remember(HttpResponseMessage response)
    {
        if (Remaining(response) is 0 && (Reset(response) ?? RetryAt(response, time)) is { } reset)
        {
            lock (_gate)
            {
                _spentUntil = _spentUntil is { } known && known > reset ? known : reset;
            }
        }
    }

    private async Task WaitForBudgetAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? until;
        lock (_gate)
        {
            until = _spentUntil;
        }

        var wait = until is { } u ? u - time.GetUtcNow() : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait > MaxThrottleWait ? MaxThrottleWait : wait, time, cancellationToken);
        }
    }
}
