using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ferry.Core.Okta.Json;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.RateLimiting;
using Ferry.Core.Telemetry;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Ferry.Core.Okta;

/// <summary>
/// The Okta Management API calls Ferry makes, shaped by Okta's spec. Every call returns an <see cref="OktaResult{T}"/>:
/// expected failures (Okta's errors, 429s, transport problems after retries) are values, never exceptions. Retries,
/// the circuit breaker, the per-attempt timeout and the rate-limit budget live in the HttpClient's handlers
/// (see <see cref="OktaServiceCollectionExtensions.AddOkta"/>). Request bodies may hold passwords: nothing here logs them.
/// </summary>
public sealed class OktaClient(HttpClient http, OktaCallMetrics metrics, BudgetAdmission? admission = null, IReadOnlyList<string>? scopes = null)
{
    public OktaCallMetrics Metrics { get; } = metrics;

    /// <summary><c>POST /api/v1/users?activate=</c>; with <paramref name="expirePassword"/>, <c>nextLogin=changePassword</c>.</summary>
    public Task<OktaResult<OktaUser>> CreateUserAsync(CreateUserBody body, bool activate, bool expirePassword, CancellationToken cancellationToken)
    {
        var query = activate ? "activate=true" : "activate=false";
        if (expirePassword)
        {
            query += "&nextLogin=changePassword";
        }

        return SendAsync(
            HttpMethod.Post,
            $"/api/v1/users?{query}",
            JsonContent.Create(body, OktaJsonContext.Default.CreateUserBody),
            OktaJsonContext.Default.OktaUser,
            cancellationToken);
    }

    /// <summary>
    /// A user by id or login. <c>GET /api/v1/users/{login}</c>, or a search for logins Okta cannot take in a path
    /// (those with '/'). Not found is a <see cref="OktaFailureKind.NotFound"/> failure.
    /// </summary>
    public async Task<OktaResult<OktaUser>> GetUserAsync(string idOrLogin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        if (!idOrLogin.Contains('/', StringComparison.Ordinal))
        {
            return await SendAsync(HttpMethod.Get, $"/api/v1/users/{Uri.EscapeDataString(idOrLogin)}", null, OktaJsonContext.Default.OktaUser, cancellationToken);
        }

        var found = await SendAsync(
            HttpMethod.Get,
            $"/api/v1/users?search={Uri.EscapeDataString($"profile.login eq \"{Escape(idOrLogin)}\"")}",
            null,
            OktaJsonContext.Default.OktaUserArray,
            cancellationToken);
        if (found.Failed)
        {
            return new OktaResult<OktaUser>(null, found.Failure, found.Attempts);
        }

        return found.Value is [var user, ..]
            ? new OktaResult<OktaUser>(user, null, found.Attempts)
            : new OktaResult<OktaUser>(null, NotFound(idOrLogin, "User"), found.Attempts);
    }

    /// <summary><c>POST /api/v1/users/{idOrLogin}</c> with a partial profile.</summary>
    public Task<OktaResult<OktaUser>> UpdateProfileAsync(string idOrLogin, IReadOnlyDictionary<string, string> profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        return SendAsync(
            HttpMethod.Post,
            $"/api/v1/users/{Uri.EscapeDataString(idOrLogin)}",
            JsonContent.Create(new ProfileBody(profile), OktaJsonContext.Default.ProfileBody),
            OktaJsonContext.Default.OktaUser,
            cancellationToken);
    }

    public Task<OktaResult<OktaActivationToken>> ActivateAsync(string userId, bool sendEmail, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"/api/v1/users/{Uri.EscapeDataString(userId)}/lifecycle/activate?sendEmail={(sendEmail ? "true" : "false")}",
            null,
            OktaJsonContext.Default.OktaActivationToken,
            cancellationToken);

    public Task<OktaResult<OktaActivationToken>> ReactivateAsync(string userId, bool sendEmail, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"/api/v1/users/{Uri.EscapeDataString(userId)}/lifecycle/reactivate?sendEmail={(sendEmail ? "true" : "false")}",
            null,
            OktaJsonContext.Default.OktaActivationToken,
            cancellationToken);

    /// <summary><c>POST /api/v1/users/{id}/lifecycle/deactivate</c> (the <c>other</c> bucket): the user becomes DEPROVISIONED.</summary>
    public async Task<OktaResult<bool>> DeactivateAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var result = await SendAsync<object>(HttpMethod.Post, $"/api/v1/users/{Uri.EscapeDataString(userId)}/lifecycle/deactivate", null, null, cancellationToken);
        return new OktaResult<bool>(!result.Failed, result.Failure, result.Attempts);
    }

    /// <summary>
    /// <c>DELETE /api/v1/users/{id}</c> (the <c>userUpdate</c> bucket). Okta deletes only a DEPROVISIONED user: on any
    /// other this call deactivates it, and a second delete is needed. Deactivate first.
    /// </summary>
    public async Task<OktaResult<bool>> DeleteUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var result = await SendAsync<object>(HttpMethod.Delete, $"/api/v1/users/{Uri.EscapeDataString(userId)}", null, null, cancellationToken);
        return new OktaResult<bool>(!result.Failed, result.Failure, result.Attempts);
    }

    /// <summary><c>DELETE /api/v1/groups/{groupId}</c> (the <c>groupById</c> bucket): an OKTA_GROUP and its memberships.</summary>
    public async Task<OktaResult<bool>> DeleteGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        var result = await SendAsync<object>(HttpMethod.Delete, $"/api/v1/groups/{Uri.EscapeDataString(groupId)}", null, null, cancellationToken);
        return new OktaResult<bool>(!result.Failed, result.Failure, result.Attempts);
    }

    /// <summary>
    /// The group's members, up to <paramref name="limit"/> (<c>GET /api/v1/groups/{groupId}/users?limit=</c>, one page,
    /// the <c>other</c> bucket): enough to tell an empty group, or which members are left, without paging a large one.
    /// </summary>
    public async Task<OktaResult<IReadOnlyList<OktaUser>>> ListGroupMembersAsync(string groupId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        var result = await SendAsync(
            HttpMethod.Get,
            $"/api/v1/groups/{Uri.EscapeDataString(groupId)}/users?limit={limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            null,
            OktaJsonContext.Default.OktaUserArray,
            cancellationToken);
        return result.Failed
            ? new OktaResult<IReadOnlyList<OktaUser>>(null, result.Failure, result.Attempts)
            : new OktaResult<IReadOnlyList<OktaUser>>(result.Value!, null, result.Attempts);
    }

    /// <summary>
    /// Groups whose name equals <paramref name="name"/> ignoring case (Okta's <c>search=profile.name eq</c> is
    /// case-insensitive; <c>q</c> is only a prefix match capped at 300, so it is not used).
    /// </summary>
    public async Task<OktaResult<IReadOnlyList<OktaGroup>>> FindGroupsByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = await SendAsync(
            HttpMethod.Get,
            $"/api/v1/groups?search={Uri.EscapeDataString($"profile.name eq \"{Escape(name)}\"")}",
            null,
            OktaJsonContext.Default.OktaGroupArray,
            cancellationToken);
        return result.Failed
            ? new OktaResult<IReadOnlyList<OktaGroup>>(null, result.Failure, result.Attempts)
            : new OktaResult<IReadOnlyList<OktaGroup>>(
                result.Value!.Where(g => string.Equals(g.Profile.Name, name, StringComparison.OrdinalIgnoreCase)).ToList(),
                null,
                result.Attempts);
    }

    /// <summary>Every OKTA_GROUP in the org, following <c>Link: rel="next"</c>.</summary>
    public async Task<OktaResult<IReadOnlyList<OktaGroup>>> ListOktaGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = new List<OktaGroup>();
        var attempts = 0;
        string? next = $"/api/v1/groups?limit=1000&search={Uri.EscapeDataString("type eq \"OKTA_GROUP\"")}";
        while (next is not null)
        {
            var page = await SendPageAsync(next, OktaJsonContext.Default.OktaGroupArray, cancellationToken);
            attempts += page.Result.Attempts;
            if (page.Result.Failed)
            {
                return new OktaResult<IReadOnlyList<OktaGroup>>(null, page.Result.Failure, attempts);
            }

            groups.AddRange(page.Result.Value!);
            next = page.Next;
        }

        return new OktaResult<IReadOnlyList<OktaGroup>>(groups, null, attempts);
    }

    public Task<OktaResult<OktaGroup>> CreateGroupAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            "/api/v1/groups",
            JsonContent.Create(new CreateGroupBody(new OktaGroupProfile(name, null)), OktaJsonContext.Default.CreateGroupBody),
            OktaJsonContext.Default.OktaGroup,
            cancellationToken);

    /// <summary><c>PUT /api/v1/groups/{groupId}/users/{userId}</c> (idempotent).</summary>
    public async Task<OktaResult<bool>> AddMemberAsync(string groupId, string userId, CancellationToken cancellationToken)
    {
        var result = await SendAsync<object>(
            HttpMethod.Put,
            $"/api/v1/groups/{Uri.EscapeDataString(groupId)}/users/{Uri.EscapeDataString(userId)}",
            null,
            null,
            cancellationToken);
        return new OktaResult<bool>(!result.Failed, result.Failure, result.Attempts);
    }

    private async Task<OktaResult<T>> SendAsync<T>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<T>? typeInfo,
        CancellationToken cancellationToken) =>
        (await SendCoreAsync(method, path, content, typeInfo, cancellationToken)).Result;

    /// <summary>
    /// One page and the path of the next (null: the last page). A <c>Link: rel="next"</c> that is not on the org makes
    /// the page a failure: it is never requested (<see cref="NextPage"/>).
    /// </summary>
    private async Task<(OktaResult<T> Result, string? Next)> SendPageAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var (result, links) = await SendCoreAsync(HttpMethod.Get, path, null, typeInfo, cancellationToken);
        if (result.Failed || links is null)
        {
            return (result, null);
        }

        var (next, refused) = NextPage(links, http.BaseAddress);
        return refused is null ? (result, next) : (new OktaResult<T>(default, refused, result.Attempts), null);
    }

    /// <summary>The call's result, and the answer's <c>Link</c> headers when it succeeded (null when it had none).</summary>
    private async Task<(OktaResult<T> Result, IEnumerable<string>? Links)> SendCoreAsync<T>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<T>? typeInfo,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        // Named by bucket, never by path: a path may hold a login.
        using var span = FerryTelemetry.StartOktaRequest(method, OktaBuckets.Classify(method, request.RequestUri!.OriginalString.Split('?')[0]));
        var attempts = new AttemptCounter();
        request.Options.Set(OktaRequestOptions.Attempts, attempts);
        request.Options.Set(OktaRequestOptions.Metrics, Metrics);
        if (admission is not null)
        {
            request.Options.Set(OktaRequestOptions.Admission, admission);
        }

        if (scopes is not null)
        {
            request.Options.Set(OktaRequestOptions.Scopes, scopes);
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await ReadFailureAsync(response, cancellationToken);
                FerryTelemetry.Answered(span, (int)response.StatusCode, failure.ErrorCode, attempts.Count);
                return (new OktaResult<T>(default, failure, attempts.Count), null);
            }

            FerryTelemetry.Answered(span, (int)response.StatusCode, null, attempts.Count);

            var value = typeInfo is null || response.StatusCode == HttpStatusCode.NoContent
                ? default
                : await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
            return (new OktaResult<T>(value, null, attempts.Count), response.Headers.TryGetValues("Link", out var links) ? [.. links] : null);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            FerryTelemetry.Answered(span, null, null, attempts.Count);
            var failure = new OktaFailure(OktaFailureKind.Transient, null, null, TransportSummary(e), []);
            return (new OktaResult<T>(default, failure, attempts.Count), null);
        }
    }

    private static async Task<OktaFailure> ReadFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        OktaErrorBody? body = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                body = await response.Content.ReadFromJsonAsync(OktaJsonContext.Default.OktaErrorBody, cancellationToken);
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        var fromTokenEndpoint = response.Headers.Contains(OktaServiceAppCredentials.TokenEndpointHeader);
        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => OktaFailureKind.Unauthorized,
            HttpStatusCode.Forbidden when fromTokenEndpoint || OktaServiceAppCredentials.Challenge(response, "insufficient_scope") => OktaFailureKind.MissingScope,
            HttpStatusCode.NotFound => OktaFailureKind.NotFound,
            HttpStatusCode.TooManyRequests => OktaFailureKind.Throttled,
            HttpStatusCode.RequestTimeout => OktaFailureKind.Transient,
            _ when status >= 500 => OktaFailureKind.Transient,
            _ => OktaFailureKind.Rejected,
        };
        var causes = body?.ErrorCauses?.Select(c => c.ErrorSummary).OfType<string>().ToList() ?? [];
        var retryAt = kind == OktaFailureKind.Throttled && Ferry.Core.RateLimiting.RateLimitHeaders.From(response.Headers) is { } headers
            ? headers.Reset
            : (DateTimeOffset?)null;
        var summary = body?.ErrorSummary ?? $"HTTP {status} {response.ReasonPhrase}";
        if (status is >= 300 and < 400)
        {
            // No Okta client follows redirects (AddOkta): the token goes to Okta:OrgUrl only.
            summary = $"Okta answered {status} {response.ReasonPhrase} (a redirect to {Origin(response.Headers.Location)}): not followed, since Ferry sends its credentials only to the org";
        }

        if (kind == OktaFailureKind.MissingScope && !fromTokenEndpoint)
        {
            var scope = ChallengedScope(response)
                ?? (response.RequestMessage is { RequestUri: { } uri } sent ? OktaScopes.Required(sent.Method, uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString) : null)
                ?? "(unknown)";
            summary = $"Okta refused a call for lack of the scope {scope} ({status} {body?.ErrorCode} {summary}): grant {scope} to the service app (Okta API Scopes) and ask for it (Okta:Scopes, if set)";
        }

        return new OktaFailure(kind, status, body?.ErrorCode, summary, causes, retryAt);
    }

    /// <summary>The <c>scope="…"</c> of a <c>WWW-Authenticate</c> challenge, when the server names the scope it wanted.</summary>
    private static string? ChallengedScope(HttpResponseMessage response)
    {
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            var parameter = challenge.Parameter ?? string.Empty;
            var start = parameter.IndexOf("scope=\"", StringComparison.Ordinal);
            if (start >= 0 && (start == 0 || parameter[start - 1] is ' ' or ','))
            {
                start += 7;
                var end = parameter.IndexOf('"', start);
                if (end > start)
                {
                    return parameter[start..end];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The path and query of the <c>rel="next"</c> link, followed only when it is an absolute http(s) URL on exactly the
    /// org's scheme, host and port, with no user info and no backslash (Okta sends the org's own URL): anything else —
    /// a relative or network-path link (<c>//host/…</c>), another host or port, <c>org@host</c> — is a failure, so the
    /// org's credentials never go anywhere else.
    /// </summary>
    internal static (string? Next, OktaFailure? Refused) NextPage(IEnumerable<string> links, Uri? org)
    {
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            if (!link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                continue;
            }

            var start = link.IndexOf('<', StringComparison.Ordinal) + 1;
            var end = link.IndexOf('>', StringComparison.Ordinal);
            var target = start > 0 && end > start ? link[start..end].Trim() : string.Empty;
            if (org is not null
                && !target.Contains('\\', StringComparison.Ordinal)
                && Uri.TryCreate(target, UriKind.Absolute, out var url)
                && url.Scheme is "https" or "http"
                && url.UserInfo.Length == 0
                && string.Equals(url.Scheme, org.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(url.IdnHost, org.IdnHost, StringComparison.OrdinalIgnoreCase)
                && url.Port == org.Port
                && url.AbsolutePath.StartsWith('/') && !url.AbsolutePath.StartsWith("//", StringComparison.Ordinal))
            {
                return (url.PathAndQuery, null);
            }

            return (null, new OktaFailure(
                OktaFailureKind.Rejected,
                null,
                null,
                $"Okta's paging link (Link rel=\"next\") does not point at the org ({org?.GetLeftPart(UriPartial.Authority)}): not followed, so the listing stops here",
                []));
        }

        return (null, null);
    }

    /// <summary>Where a redirect pointed, as scheme://host:port only (its path may hold anything).</summary>
    internal static string Origin(Uri? location) =>
        location is { IsAbsoluteUri: true } absolute ? absolute.GetLeftPart(UriPartial.Authority) : "a relative location";

    private static bool IsTransport(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string TransportSummary(Exception e) => e switch
    {
        BrokenCircuitException => "Okta is failing repeatedly; calls are paused (circuit open)",
        TimeoutRejectedException => "Okta did not answer within the attempt timeout",
        HttpRequestException { HttpRequestError: var error } => $"connection failed ({error})",
        _ => $"transport error ({e.GetType().Name})",
    };

    private static OktaFailure NotFound(string resource, string type) =>
        new(OktaFailureKind.NotFound, 404, "E0000007", $"Not found: Resource not found: {resource} ({type})", []);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
