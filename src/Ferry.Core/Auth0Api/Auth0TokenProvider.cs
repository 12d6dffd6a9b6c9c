using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Auth0Api;

/// <summary>
/// The Management API token: asked for with the client-credentials grant (<c>POST /oauth/token</c>, the Management
/// API audience) and cached until shortly before it expires, one request at a time however many calls need it. The
/// secret and the token stay in memory: never logged, never in an exception message.
/// </summary>
public sealed class Auth0TokenProvider(IHttpClientFactory http, IOptions<Auth0Options> options, TimeProvider time)
{
    /// <summary>A token is renewed this long before Auth0 says it expires (or at half its life if that is shorter).</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    /// <summary>Token requests sent (the rest were served from the cache).</summary>
    public int Requests { get; private set; }

    public async Task<Auth0Result<string>> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() < hit.RenewAt)
        {
            return Auth0Result<string>.Ok(hit.Token);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() < again.RenewAt)
            {
                return Auth0Result<string>.Ok(again.Token);
            }

            return await RequestAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token (the API answered 401 to it).</summary>
    public void Invalidate(string token)
    {
        if (_cached is { } hit && hit.Token == token)
        {
            _cached = null;
        }
    }

    private async Task<Auth0Result<string>> RequestAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = http.CreateClient(Auth0Client.HttpClientName);
        var body = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.ClientId ?? string.Empty,
            ["client_secret"] = o.ClientSecret ?? string.Empty,
            ["audience"] = o.EffectiveAudience,
        };
        Requests++;
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.AttemptTimeout);
            response = await client.PostAsJsonAsync(new Uri(o.BaseUrl!, "oauth/token"), body, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Auth0Result<string>.Fail(new Auth0Failure(Auth0FailureKind.Transient, null, null, $"the token endpoint did not answer ({e.GetType().Name})"));
        }

        using (response)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                return Auth0Result<string>.Fail(new Auth0Failure(Auth0FailureKind.Unauthorized, (int)response.StatusCode, null, $"the token request was answered {Auth0Client.Redirected(response)}"));
            }

            if (!response.IsSuccessStatusCode)
            {
                var kind = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Auth0FailureKind.Unauthorized,
                    HttpStatusCode.TooManyRequests => Auth0FailureKind.Throttled,
                    >= HttpStatusCode.InternalServerError => Auth0FailureKind.Transient,
                    _ => Auth0FailureKind.Rejected,
                };
                var (code, message) = await Auth0Client.ReadErrorAsync(response, cancellationToken);
                return Auth0Result<string>.Fail(new Auth0Failure(kind, (int)response.StatusCode, code, $"the token request was refused: {message}", Auth0Client.RetryAt(response, time)));
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var token = json.RootElement.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                return Auth0Result<string>.Fail(new Auth0Failure(Auth0FailureKind.Transient, (int)response.StatusCode, null, "the token endpoint answered without an access_token"));
            }

            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(1);
            var renew = lifetime / 2 < RenewBefore ? lifetime / 2 : lifetime - RenewBefore;
            _cached = (token, time.GetUtcNow() + renew);
            return Auth0Result<string>.Ok(token);
        }
    }
}
