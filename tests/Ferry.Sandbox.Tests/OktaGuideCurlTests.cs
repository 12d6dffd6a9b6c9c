using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests;

/// <summary>
/// Okta's "Bulk Migration with Credentials" guide (../shared/seeds/000_…), request for request, exactly as its curl
/// examples send them: a raw HttpClient with the three headers and the JSON bodies from the guide.
/// </summary>
public sealed class OktaGuideCurlTests
{
    [Fact]
    public async Task GuideRequests_ProduceTheGuidesResponseShapes()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var curl = new HttpClient();

        var groupResponse = await curl.SendAsync(Curl(sandbox, "/api/v1/groups", """
            {
              "profile": {
                "name": "All Employees",
                "description": "Every single one of our employees"
              }
            }
            """));
        var group = JsonNode.Parse(await groupResponse.Content.ReadAsStringAsync())!.AsObject();
        var groupId = (string)group["id"]!;

        var userResponse = await curl.SendAsync(Curl(sandbox, "/api/v1/users?activate=false", $$"""
            {
              "profile": {
                "firstName": "John",
                "lastName": "Smith",
                "email": "john.smith@example.com",
                "login": "john.smith@example.com"
              },
              "groupIds": [
                "{{groupId}}"
              ]
            }
            """));
        var user = JsonNode.Parse(await userResponse.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, groupResponse.StatusCode);
        Assert.Equal(
            ["id", "created", "lastUpdated", "lastMembershipUpdated", "objectClass", "type", "profile", "_links"],
            group.Select(p => p.Key));
        Assert.Equal(["logo", "users", "apps"], group["_links"]!.AsObject().Select(p => p.Key));
        Assert.Equal("OKTA_GROUP", (string?)group["type"]);

        Assert.Equal(HttpStatusCode.OK, userResponse.StatusCode);
        foreach (var key in new[] { "id", "status", "created", "activated", "statusChanged", "lastLogin", "lastUpdated", "passwordChanged", "type", "profile", "credentials", "_links" })
        {
            Assert.True(user.ContainsKey(key), $"user response lacks '{key}'");
        }

        Assert.Equal("STAGED", (string?)user["status"]);
        Assert.Null(user["activated"]);
        Assert.Null(user["lastLogin"]);
        Assert.NotNull(user["type"]!["id"]);
        Assert.Equal("OKTA", (string?)user["credentials"]!["provider"]!["name"]);
        Assert.NotNull(user["_links"]!["activate"]);
        Assert.NotNull(user["_links"]!["schema"]);

        var memberResponse = await curl.SendAsync(Get(sandbox, $"/api/v1/groups/{groupId}/users"));
        Assert.Equal((string?)user["id"], (string?)JsonNode.Parse(await memberResponse.Content.ReadAsStringAsync())![0]!["id"]);
    }

    private static HttpRequestMessage Curl(SandboxHost sandbox, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.BaseAddress, path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"SSWS {sandbox.ApiToken}");
        return request;
    }

    private static HttpRequestMessage Get(SandboxHost sandbox, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.BaseAddress, path));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"SSWS {sandbox.ApiToken}");
        return request;
    }
}
