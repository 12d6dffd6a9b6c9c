using System.Text.Json.Nodes;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Faults;
using Ferry.Sandbox.OAuth;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.RateLimits;
using Ferry.Sandbox.Traffic;

namespace Ferry.Sandbox.Inspection;

/// <summary>
/// Endpoints outside <c>/api/v1</c> for tests and benchmarks: counters, who would have been emailed, a reset, and a
/// way to put a user in a status only the user could reach (completed activation, password recovery).
/// Not authenticated and not rate-limited: the sandbox is a local test double.
/// </summary>
public static class InspectionApi
{
    public static RouteGroupBuilder MapInspection(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sandbox = endpoints.MapGroup("/sandbox");
        sandbox.MapGet("/stats", Stats);
        sandbox.MapGet("/emails", Emails);
        sandbox.MapPost("/reset", Reset);
        sandbox.MapPut("/users/{id}/status", SetStatus);
        sandbox.MapPost("/users/{id}/login", SignIn);
        return sandbox;
    }

    private static IResult Stats(OrgDirectory directory, TrafficStats traffic, RateLimiter rateLimiter, OAuthServer oauth)
    {
        var now = rateLimiter.Time.GetUtcNow();
        var snapshot = directory.Snapshot();
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("requests", traffic.Requests);
            json.WriteNumber("throttled", traffic.Throttled);
            json.WriteNumber("concurrencyThrottled", traffic.ConcurrencyThrottled);
            json.WriteNumber("serverErrors", traffic.ServerErrors);
            json.WriteNumber("resets", traffic.Resets);
            json.WriteNumber("slowResponses", traffic.SlowResponses);
            json.WriteNumber("unauthorized", traffic.Unauthorized);
            json.WriteNumber("forbidden", traffic.Forbidden);
            json.WriteNumber("tokenRequests", oauth.Requests);
            json.WriteNumber("tokensIssued", oauth.Issued);
            json.WriteNumber("tokenRefusals", oauth.Refused);
            json.WriteNumber("inFlight", traffic.InFlight);
            json.WriteNumber("maxConcurrent", traffic.MaxConcurrent);
            json.WriteNumber("users", snapshot.Users);
            json.WriteStartObject("usersByStatus");
            foreach (var (status, count) in snapshot.UsersByStatus.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(status, count);
            }

            json.WriteEndObject();
            json.WriteNumber("groups", snapshot.Groups);
            json.WriteNumber("emailsSent", snapshot.EmailsSent);
            json.WriteNumber("duplicateCreates", snapshot.DuplicateCreates);
            json.WriteStartObject("buckets");
            foreach (var bucket in rateLimiter.Buckets.Select(b => b.Snapshot(now)))
            {
                json.WriteStartObject(bucket.Name);
                json.WriteNumber("requests", bucket.Requests);
                json.WriteNumber("throttled", bucket.Throttled);
                json.WriteNumber("limit", bucket.Limit);
                json.WriteNumber("remaining", bucket.Remaining);
                if (bucket.ResetAt is { } reset)
                {
                    json.WriteNumber("reset", OktaTime.ToEpochSecondsCeiling(reset));
                }
                else
                {
                    json.WriteNull("reset");
                }

                json.WriteStartArray("windows");
                foreach (var window in bucket.Windows)
                {
                    json.WriteStartObject();
                    json.WriteString("start", OktaTime.Format(window.Start));
                    json.WriteNumber("used", window.Used);
                    json.WriteNumber("others", window.Others);
                    json.WriteNumber("throttled", window.Throttled);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("createAttemptsByLogin");
            foreach (var (login, attempts) in snapshot.CreateAttemptsByLogin.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(login, attempts);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static IResult Emails(OrgDirectory directory)
    {
        var emails = directory.Emails();
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartArray();
            foreach (var email in emails)
            {
                json.WriteStartObject();
                json.WriteString("userId", email.UserId);
                json.WriteString("login", email.Login);
                json.WriteString("email", email.Email);
                json.WriteNumber("activation", email.Activation);
                json.WriteNumber("reactivation", email.Reactivation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private static IResult Reset(OrgDirectory directory, TrafficStats traffic, RateLimiter rateLimiter, FaultInjector faults, OAuthServer oauth)
    {
        oauth.ResetCounters();
        directory.Reset();
        traffic.Reset();
        rateLimiter.Reset();
        faults.Reset();
        return Results.NoContent();
    }

    /// <summary>Stands in for the user signing in: <c>lastLogin</c> is set (403 E0000038 for a user who cannot sign in).</summary>
    private static IResult SignIn(string id, OrgDirectory directory)
    {
        var result = directory.SignIn(id);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }

    private static async Task<IResult> SetStatus(string id, HttpRequest request, OrgDirectory directory)
    {
        if (await OktaRequest.ReadJsonAsync(request) is not JsonObject body
            || body["status"] is not JsonValue statusNode
            || !statusNode.TryGetValue<string>(out var status))
        {
            return new OktaErrorResult(OktaErrors.MalformedBody);
        }

        var result = directory.SetStatus(id, status);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }
}
