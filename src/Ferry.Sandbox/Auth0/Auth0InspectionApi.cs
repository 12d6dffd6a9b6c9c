using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The Auth0 tenant's inspection endpoints beside the Okta ones: counters, its users with their timestamps, a reset.
/// Not authenticated and not rate-limited.
/// </summary>
public static class Auth0InspectionApi
{
    public static RouteGroupBuilder MapAuth0Inspection(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sandbox = endpoints.MapGroup("/sandbox/auth0");
        sandbox.MapGet("/stats", Stats);
        sandbox.MapGet("/users", Users);
        sandbox.MapPost("/reset", Reset);
        sandbox.MapPost("/users/{id}/login", SignIn);
        sandbox.MapPost("/users/{id}/edit", Edit);
        return sandbox;
    }

    private static OktaJsonResult Stats(Auth0Tenant tenant, Auth0Tokens tokens, Auth0Traffic traffic, Auth0RateLimiter rateLimiter)
    {
        var snapshot = tenant.Snapshot();
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("tokenRequests", tokens.Requests);
            json.WriteNumber("importJobsCreated", snapshot.ImportJobsCreated);
            json.WriteNumber("importJobsRejectedConcurrent", snapshot.ImportJobsRejectedConcurrent);
            json.WriteNumber("maxConcurrentImportJobs", snapshot.MaxConcurrentImportJobs);
            json.WriteNumber("activeImportJobs", snapshot.ActiveImportJobs);
            json.WriteNumber("importJobsCompleted", snapshot.JobsCompleted);
            json.WriteNumber("importJobsFailed", snapshot.JobsFailed);
            json.WriteNumber("completionEmails", snapshot.CompletionEmails);
            json.WriteNumber("users", snapshot.Users);
            json.WriteStartObject("usersByConnection");
            foreach (var (connection, count) in snapshot.UsersByConnection.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(connection, count);
            }

            json.WriteEndObject();
            json.WriteNumber("requests", traffic.Requests);
            json.WriteNumber("throttled", rateLimiter.Throttled);
            json.WriteNumber("unauthorized", traffic.Unauthorized);
            json.WriteNumber("serverErrors", traffic.ServerErrors);
            json.WriteNumber("userLookups", traffic.Lookups);
            json.WriteEndObject();
        });
    }

    /// <summary>Every user in creation order: <c>[{user_id, email, connection, created_at, updated_at, app_metadata?}]</c>.</summary>
    private static OktaJsonResult Users(Auth0Tenant tenant)
    {
        var (users, _) = tenant.Users(connection: null, page: 0, perPage: int.MaxValue);
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartArray();
            foreach (var user in users)
            {
                json.WriteStartObject();
                json.WriteString("user_id", user.UserId);
                json.WriteString("email", (string?)user.Attributes["email"]);
                json.WriteString("connection", user.Connection);
                json.WriteString("created_at", OktaTime.Format(user.CreatedAt));
                json.WriteString("updated_at", OktaTime.Format(user.UpdatedAt));
                if (user.Attributes["app_metadata"] is { } metadata)
                {
                    json.WritePropertyName("app_metadata");
                    metadata.WriteTo(json);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    /// <summary>Stands in for the user signing in: <c>logins_count</c> + 1 and <c>last_login</c>; 404 for no such user.</summary>
    private static IResult SignIn(string id, Auth0Tenant tenant) =>
        tenant.SignIn(id) ? Results.NoContent() : Auth0Error.UserNotFound;

    /// <summary>Stands in for an admin's edit: sets <c>user_metadata.editedBy</c> and <c>updated_at</c>; 404 for no such user.</summary>
    private static IResult Edit(string id, Auth0Tenant tenant) =>
        tenant.Edit(id, "editedBy", "sandbox") ? Results.NoContent() : Auth0Error.UserNotFound;

    private static IResult Reset(Auth0Tenant tenant, Auth0Tokens tokens, Auth0Traffic traffic, Auth0RateLimiter rateLimiter)
    {
        tenant.Reset();
        tokens.ResetCounters();
        traffic.Reset();
        rateLimiter.Reset();
        return Results.NoContent();
    }
}
