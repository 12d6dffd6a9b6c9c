using System.Text.Json.Nodes;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Groups;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.Search;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Users;

/// <summary>Okta's Users API: create, read, list and search, partial update, delete, a user's groups, lifecycle.</summary>
public static class UsersApi
{
    public const int DefaultListLimit = 200;
    public const int MaxListLimit = 200;
    public const int DefaultQueryLimit = 10;

    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var users = endpoints.MapGroup("/api/v1/users");
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);
        users.MapGet("/{id}", GetUser);
        users.MapPost("/{id}", UpdateUser);
        users.MapDelete("/{id}", DeleteUser);
        users.MapGet("/{id}/groups", ListUserGroups);
        users.MapPost("/{id}/lifecycle/activate", Activate);
        users.MapPost("/{id}/lifecycle/reactivate", Reactivate);
        users.MapPost("/{id}/lifecycle/deactivate", Deactivate);
        return users;
    }

    private static async Task<IResult> CreateUser(HttpRequest request, OrgDirectory directory, IOptions<SandboxOptions> options)
    {
        var body = await OktaRequest.ReadJsonAsync(request);
        if (body?["profile"]?["login"] is JsonValue loginNode && loginNode.TryGetValue<string>(out var attemptedLogin))
        {
            directory.RecordCreateAttempt(attemptedLogin);
        }

        var parsed = CreateUserReader.Read(body, request.Query, options.Value.Profile);
        if (parsed.Failed)
        {
            return new OktaErrorResult(parsed.Error);
        }

        var created = directory.CreateUser(parsed.Value);
        if (created.Failed)
        {
            return new OktaErrorResult(created.Error);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => UserJson.Write(json, created.Value, baseUrl, fullLinks: true));
    }

    private static IResult GetUser(string id, HttpRequest request, OrgDirectory directory)
    {
        if (directory.FindUser(id) is not { } user)
        {
            return new OktaErrorResult(OktaErrors.NotFound(id, "User"));
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => UserJson.Write(json, user, baseUrl, fullLinks: true));
    }

    private static IResult ListUsers(HttpRequest request, HttpResponse response, OrgDirectory directory)
    {
        var expressions = SearchQuery.Read(request);
        if (expressions.Failed)
        {
            return new OktaErrorResult(expressions.Error);
        }

        var q = request.Query.TryGetValue("q", out var qText) ? qText.ToString() : null;
        var limit = OktaRequest.Limit(request, q is null ? DefaultListLimit : DefaultQueryLimit, MaxListLimit);
        var after = request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var page = directory.ListUsers(new UserListQuery(expressions.Value.Search, expressions.Value.Filter, q, limit, after));
        if (q is null)
        {
            OktaRequest.AddPageLinks(response, page.NextCursor);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => UserJson.WriteArray(json, page.Items, baseUrl));
    }

    private static async Task<IResult> UpdateUser(string id, HttpRequest request, OrgDirectory directory)
    {
        if (await OktaRequest.ReadJsonAsync(request) is not JsonObject body)
        {
            return new OktaErrorResult(OktaErrors.MalformedBody);
        }

        var updated = directory.UpdateUser(id, body["profile"] as JsonObject, body["credentials"] as JsonObject);
        if (updated.Failed)
        {
            return new OktaErrorResult(updated.Error);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => UserJson.Write(json, updated.Value, baseUrl, fullLinks: true));
    }

    /// <summary>Okta's delete: 204 either way; a user not yet DEPROVISIONED is only deactivated by it.</summary>
    private static IResult DeleteUser(string id, OrgDirectory directory)
    {
        var result = directory.DeleteUser(id);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }

    private static IResult ListUserGroups(string id, HttpRequest request, OrgDirectory directory)
    {
        var groups = directory.GroupsOfUser(id);
        if (groups.Failed)
        {
            return new OktaErrorResult(groups.Error);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => GroupJson.WriteArray(json, groups.Value, baseUrl));
    }

    private static IResult Activate(string id, HttpRequest request, OrgDirectory directory) =>
        ActivationResponse(request, directory.Activate(id, OktaRequest.Bool(request, "sendEmail", fallback: true)));

    private static IResult Reactivate(string id, HttpRequest request, OrgDirectory directory) =>
        ActivationResponse(request, directory.Reactivate(id, OktaRequest.Bool(request, "sendEmail", fallback: false)));

    private static IResult Deactivate(string id, OrgDirectory directory)
    {
        var result = directory.Deactivate(id);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.Ok();
    }

    /// <summary>Okta's <c>UserActivationToken</c>: empty when an email went out, else the link and token.</summary>
    private static IResult ActivationResponse(HttpRequest request, Outcome<ActivationResult> result)
    {
        if (result.Failed)
        {
            return new OktaErrorResult(result.Error);
        }

        var token = result.Value.ActivationToken;
        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            if (token is not null)
            {
                json.WriteString("activationUrl", $"{baseUrl}/welcome/{token}");
                json.WriteString("activationToken", token);
            }

            json.WriteEndObject();
        });
    }
}
