using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// The service app's access token: a client assertion (<see cref="OktaClientAssertion"/>) exchanged at the org's
/// <c>/oauth2/v1/token</c> (client_credentials), cached until shortly before it expires (<see cref="RenewBefore"/>, or
/// a tenth of its life if shorter), one request at a time however many calls need it. The scopes asked for are
/// <c>Okta:Scopes</c> when set (<paramref name="configured"/>), else what the calling job's kind needs
/// (<see cref="OktaScopes.For(Jobs.JobOptions, bool)"/>, carried on the request), else <see cref="OktaScopes.Default"/>: one token per
/// scope set, so a reactivate job holds only <c>okta.users.manage</c>.
/// When the app requires DPoP, Okta answers <c>use_dpop_nonce</c> (or <c>invalid_dpop_proof</c>): from then on every
/// token request carries a proof with the latest nonce. The token endpoint has its own rate-limit bucket, so this
/// uses its own HttpClient (<see cref="HttpClientName"/>), outside the users/groups budget. Refusals are
/// <see cref="OktaFailure"/>s worded for the job's failure message; the key, assertion and token are never in them.
/// </summary>
public sealed partial class OktaTokenProvider(
    HttpClient http,
    OktaClientAssertion assertion,
    DPoPProofs proofs,
    IReadOnlyList<string>? configured,
    Uri tokenEndpoint,
    TimeSpan attemptTimeout,
    TimeProvider time,
    ILogger logger)
{
    public const string HttpClientName = "Ferry.Okta.Token";

    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, OktaAccessToken> _cached = new(StringComparer.Ordinal);
    private string? _nonce;
    private bool _dpop;
    private long _requests;

    /// <summary>Token requests sent (the rest of the callers were served from the cache).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The scope string a request for <paramref name="wanted"/> asks for: <c>Okta:Scopes</c> when set.</summary>
    public string ScopesFor(IReadOnlyList<string>? wanted) =>
        string.Join(' ', (configured ?? wanted ?? OktaScopes.Default).Order(StringComparer.Ordinal));

    /// <summary>A valid token for <paramref name="wanted"/>: the cached one, or a new one (callers arriving meanwhile wait for it).</summary>
    public async Task<OktaResult<OktaAccessToken>> GetAsync(IReadOnlyList<string>? wanted, CancellationToken cancellationToken)
    {
        var scopes = ScopesFor(wanted);
        if (_cached.TryGetValue(scopes, out var hit) && time.GetUtcNow() < hit.RenewAt)
        {
            return new OktaResult<OktaAccessToken>(hit, null, 0);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached.TryGetValue(scopes, out var again) && time.GetUtcNow() < again.RenewAt)
            {
                return new OktaResult<OktaAccessToken>(again, null, 0);
            }

            return await RequestAsync(scopes, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> (the API answered 401 to it); the next caller asks for a new one.</summary>
    public void Invalidate(OktaAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        foreach (var entry in _cached.Where(entry => ReferenceEquals(entry.Value, token)))
        {
            _cached.TryRemove(entry);
        }
    }

    private async Task<OktaResult<OktaAccessToken>> RequestAsync(string scopes, CancellationToken cancellationToken)
    {
        // At most: a first try, one after learning DPoP is required, one after the nonce.
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["scope"] = scopes,
                    ["client_assertion_type"] = OktaClientAssertion.AssertionType,
                    ["client_assertion"] = assertion.Create(),
                }),
            };
            if (_dpop)
            {
                request.Headers.Add(DPoPProofs.Header, proofs.Create(HttpMethod.Post, tokenEndpoint, _nonce, null));
            }

            HttpResponseMessage response;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(attemptTimeout);
                response = await http.SendAsync(request, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return Fail(OktaFailureKind.Transient, null, null, $"Okta's token endpoint did not answer ({e.GetType().Name})");
            }

            using (response)
            {
                if (response.Headers.TryGetValues(DPoPProofs.NonceHeader, out var nonces))
                {
                    _nonce = nonces.FirstOrDefault() ?? _nonce;
                }

                using var json = await ReadJsonAsync(response, cancellationToken);
                var root = json?.RootElement;
                if (response.IsSuccessStatusCode)
                {
                    return Issued(root, response.StatusCode, scopes);
                }

                var error = Text(root, "error");
                var description = Text(root, "error_description");
                if (response.StatusCode == HttpStatusCode.BadRequest && attempt < 3
                    && (error == "use_dpop_nonce" || (error == "invalid_dpop_proof" && !_dpop)))
                {
                    LogDPoP(logger, error);
                    _dpop = true;
                    continue;
                }

                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    return Fail(
                        OktaFailureKind.Unauthorized,
                        (int)response.StatusCode,
                        null,
                        $"Okta's token endpoint answered {(int)response.StatusCode} {response.ReasonPhrase} (a redirect to {OktaClient.Origin(response.Headers.Location)}): not followed, since the client assertion goes only to {tokenEndpoint.GetLeftPart(UriPartial.Authority)}; check Okta:OrgUrl");
                }

                return Refused(response.StatusCode, error, description, scopes);
            }
        }
    }

    private OktaResult<OktaAccessToken> Issued(JsonElement? root, HttpStatusCode status, string scopes)
    {
        var value = Text(root, "access_token");
        if (string.IsNullOrEmpty(value))
        {
            return Fail(OktaFailureKind.Transient, (int)status, null, "Okta's token endpoint answered without an access_token");
        }

        var type = Text(root, "token_type");
        var lifetime = root is { } r && r.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromHours(1);
        var before = lifetime / 10 < RenewBefore ? lifetime / 10 : RenewBefore;
        var token = new OktaAccessToken(value, string.Equals(type, "DPoP", StringComparison.OrdinalIgnoreCase), time.GetUtcNow() + lifetime - before);
        _cached[scopes] = token;
        LogIssued(logger, token.DPoP ? "DPoP" : "Bearer", (int)lifetime.TotalSeconds, scopes);
        return new OktaResult<OktaAccessToken>(token, null, 1);
    }

    private static OktaResult<OktaAccessToken> Refused(HttpStatusCode status, string? error, string? description, string scopes)
    {
        var said = description is null ? error ?? $"HTTP {(int)status}" : $"{error}: {description}";
        return status switch
        {
            HttpStatusCode.BadRequest when error == "invalid_scope" => Fail(
                OktaFailureKind.MissingScope,
                400,
                error,
                $"Okta's token endpoint refused the scopes Ferry asked for ({scopes}; {said}): grant them to the service app (Okta API Scopes) or set Okta:Scopes to the ones the job kinds need"),
            HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized when error == "invalid_client" => Fail(
                OktaFailureKind.Unauthorized,
                (int)status,
                error,
                $"Okta's token endpoint refused the service app ({said}): check Okta:ClientId, Okta:KeyId and that the app's registered public key matches Okta:PrivateKey"),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => Fail(
                OktaFailureKind.Transient,
                (int)status,
                error,
                $"Okta's token endpoint is unavailable ({said})"),
            _ => Fail(
                OktaFailureKind.Unauthorized,
                (int)status,
                error,
                $"Okta's token endpoint refused the token request ({said}): check the service app's settings (client credentials, public key, DPoP)"),
        };
    }

    private static OktaResult<OktaAccessToken> Fail(OktaFailureKind kind, int? status, string? code, string summary) =>
        new(null, new OktaFailure(kind, status, code, summary, []), 1);

    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return bytes.Length == 0 ? null : JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Okta issued a {TokenType} access token for {Seconds} s (scopes {Scopes})")]
    private static partial void LogIssued(ILogger logger, string tokenType, int seconds, string scopes);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Okta's token endpoint asks for DPoP ({Error}); token requests carry a proof from now on")]
    private static partial void LogDPoP(ILogger logger, string? error);
}
