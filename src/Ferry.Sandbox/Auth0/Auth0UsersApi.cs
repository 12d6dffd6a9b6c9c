using System.Text.RegularExpressions;
using Ferry.Sandbox.Okta;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Enough of Auth0's user endpoints to look imported users up: <c>GET /api/v2/users-by-email</c>,
/// <c>GET /api/v2/users/{id}</c> and <c>GET /api/v2/users</c> (paged; <c>q</c> understands only
/// <c>identities.connection:"name"</c>), and <c>DELETE /api/v2/users/{id}</c>.
/// </summary>
public static partial class Auth0UsersApi
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 100;

    public static RouteGroupBuilder MapAuth0Users(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v2");
        api.MapGet("/users-by-email", ByEmail);
        api.MapGet("/users/{id}", Get);
        api.MapDelete("/users/{id}", Delete);
        api.MapGet("/users", List);
        return api;
    }

    private static async Task<IResult> ByEmail(HttpRequest request, Auth0Tenant tenant, Auth0Traffic traffic, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var email = request.Query["email"].ToString();
        if (email.Length == 0)
        {
            return Auth0Error.InvalidQuery("Missing required property: email");
        }

        traffic.CountLookup();
        if (options.Value.Auth0.Faults.LookupAnswerDelay is { Ticks: > 0 } delay)
        {
            await Task.Delay(delay, time, request.HttpContext.RequestAborted);
        }

        var users = tenant.UsersByEmail(email);
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartArray();
            foreach (var user in users)
            {
                Auth0Json.WriteUser(json, user);
            }

            json.WriteEndArray();
        });
    }

    private static IResult Get(string id, Auth0Tenant tenant) =>
        tenant.User(id) is { } user
            ? OktaJsonResult.Ok(json => Auth0Json.WriteUser(json, user))
            : Auth0Error.UserNotFound;

    /// <summary>Auth0 answers 204 whether or not the user existed.</summary>
    private static IResult Delete(string id, Auth0Tenant tenant)
    {
        tenant.DeleteUser(id);
        return Results.NoContent();
    }

    private static IResult List(HttpRequest request, Auth0Tenant tenant)
    {
        var query = request.Query;
        var page = int.TryParse(query["page"].ToString(), out var p) && p >= 0 ? p : 0;
        var perPage = int.TryParse(query["per_page"].ToString(), out var pp) && pp > 0 ? Math.Min(pp, MaxPerPage) : DefaultPerPage;
        var includeTotals = bool.TryParse(query["include_totals"].ToString(), out var totals) && totals;
        var connection = ConnectionFilter().Match(query["q"].ToString()) is { Success: true } match ? match.Groups[1].Value : null;
        var (users, total) = tenant.Users(connection, page, perPage);
        return OktaJsonResult.Ok(json =>
        {
            if (includeTotals)
            {
                json.WriteStartObject();
                json.WriteNumber("start", page * perPage);
                json.WriteNumber("limit", perPage);
                json.WriteNumber("length", users.Count);
                json.WriteNumber("total", total);
                json.WritePropertyName("users");
            }

            json.WriteStartArray();
            foreach (var user in users)
            {
                Auth0Json.WriteUser(json, user);
            }

            json.WriteEndArray();
            if (includeTotals)
            {
                json.WriteEndObject();
            }
        });
    }

    [GeneratedRegex("identities\\.connection:\"([^\"]*)\"")]
    private static partial Regex ConnectionFilter();
}
