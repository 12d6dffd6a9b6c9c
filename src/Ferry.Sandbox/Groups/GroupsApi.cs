using System.Text.Json.Nodes;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.Search;
using Ferry.Sandbox.Users;

namespace Ferry.Sandbox.Groups;

/// <summary>Okta's Groups API: create, read, list, search and query, delete, membership.</summary>
public static class GroupsApi
{
    public const int DefaultListLimit = 10000;
    public const int MaxListLimit = 10000;
    public const int DefaultQueryLimit = 300;
    public const int DefaultMemberLimit = 1000;
    public const int MaxMemberLimit = 10000;

    public static RouteGroupBuilder MapGroups(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var groups = endpoints.MapGroup("/api/v1/groups");
        groups.MapGet("/", ListGroups);
        groups.MapPost("/", CreateGroup);
        groups.MapGet("/{groupId}", GetGroup);
        groups.MapDelete("/{groupId}", DeleteGroup);
        groups.MapGet("/{groupId}/users", ListMembers);
        groups.MapPut("/{groupId}/users/{userId}", AddMember);
        groups.MapDelete("/{groupId}/users/{userId}", RemoveMember);
        return groups;
    }

    private static async Task<IResult> CreateGroup(HttpRequest request, OrgDirectory directory)
    {
        if (await OktaRequest.ReadJsonAsync(request) is not JsonObject body)
        {
            return new OktaErrorResult(OktaErrors.MalformedBody);
        }

        var profile = body["profile"] as JsonObject;
        var created = directory.CreateGroup(Text(profile, "name"), Text(profile, "description"));
        if (created.Failed)
        {
            return new OktaErrorResult(created.Error);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => GroupJson.Write(json, created.Value, baseUrl));
    }

    private static IResult GetGroup(string groupId, HttpRequest request, OrgDirectory directory)
    {
        if (directory.FindGroup(groupId) is not { } group)
        {
            return new OktaErrorResult(OktaErrors.NotFound(groupId, "UserGroup"));
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => GroupJson.Write(json, group, baseUrl));
    }

    private static IResult DeleteGroup(string groupId, OrgDirectory directory)
    {
        var result = directory.DeleteGroup(groupId);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }

    private static IResult ListGroups(HttpRequest request, HttpResponse response, OrgDirectory directory)
    {
        var expressions = SearchQuery.Read(request);
        if (expressions.Failed)
        {
            return new OktaErrorResult(expressions.Error);
        }

        var q = request.Query.TryGetValue("q", out var qText) ? qText.ToString() : null;
        var limit = OktaRequest.Limit(request, q is null ? DefaultListLimit : DefaultQueryLimit, MaxListLimit);
        var after = request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var page = directory.ListGroups(new GroupListQuery(expressions.Value.Search, expressions.Value.Filter, q, limit, after));
        if (q is null)
        {
            OktaRequest.AddPageLinks(response, page.NextCursor);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => GroupJson.WriteArray(json, page.Items, baseUrl));
    }

    private static IResult ListMembers(string groupId, HttpRequest request, HttpResponse response, OrgDirectory directory)
    {
        var limit = OktaRequest.Limit(request, DefaultMemberLimit, MaxMemberLimit);
        var after = request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var page = directory.ListMembers(groupId, after, limit);
        if (page.Failed)
        {
            return new OktaErrorResult(page.Error);
        }

        OktaRequest.AddPageLinks(response, page.Value.NextCursor);
        var baseUrl = OktaRequest.BaseUrl(request);
        return OktaJsonResult.Ok(json => UserJson.WriteArray(json, page.Value.Items, baseUrl));
    }

    private static IResult AddMember(string groupId, string userId, OrgDirectory directory)
    {
        var result = directory.AddMember(groupId, userId);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }

    private static IResult RemoveMember(string groupId, string userId, OrgDirectory directory)
    {
        var result = directory.RemoveMember(groupId, userId);
        return result.Failed ? new OktaErrorResult(result.Error) : Results.NoContent();
    }

    private static string? Text(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
