using System.Net;
using System.Text.RegularExpressions;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed partial class ConnectionsTests
{
    [Fact]
    public async Task ListConnections_Default_IsTheSeededDatabaseConnection()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var connections = (await (await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative))).ReadJsonAsync()).AsArray();

        var connection = Assert.Single(connections)!;
        Assert.Matches(ConnectionId(), (string)connection["id"]!);
        Assert.Equal("Username-Password-Authentication", (string?)connection["name"]);
        Assert.Equal("auth0", (string?)connection["strategy"]);
        Assert.Empty(connection["enabled_clients"]!.AsArray());
    }

    [Fact]
    public async Task ListConnections_ByName_FindsAConfiguredConnection()
    {
        await using var sandbox = await Auth0Http.StartAsync(settings: new()
        {
            ["Sandbox:Auth0:ConnectionId"] = "con_AAAAbbbbCCCC1234",
            ["Sandbox:Auth0:ConnectionName"] = "Primary",
            ["Sandbox:Auth0:AdditionalConnections:0"] = "Legacy-Users",
        });
        using var client = await sandbox.CreateAuth0ClientAsync();

        var all = (await (await client.GetAsync(new Uri("/api/v2/connections?strategy=auth0", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var legacy = (await (await client.GetAsync(new Uri("/api/v2/connections?name=Legacy-Users", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var paged = await (await client.GetAsync(new Uri("/api/v2/connections?take=50&include_totals=true", UriKind.Relative))).ReadJsonAsync();

        Assert.Equal(["Primary", "Legacy-Users"], all.Select(c => (string)c!["name"]!));
        Assert.Equal("con_AAAAbbbbCCCC1234", (string?)all[0]!["id"]);
        Assert.Matches(ConnectionId(), (string)Assert.Single(legacy)!["id"]!);
        Assert.Equal(2, paged["connections"]!.AsArray().Count);
    }

    [Fact]
    public async Task GetConnection_UnknownId_Is404InexistentConnection()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var found = await client.GetAsync(new Uri($"/api/v2/connections/{Auth0Http.ConnectionId}", UriKind.Relative));
        var missing = await client.GetAsync(new Uri("/api/v2/connections/con_0000000000000000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        await missing.AssertAuth0ErrorAsync(HttpStatusCode.NotFound, "inexistent_connection", "The connection does not exist");
    }

    [GeneratedRegex("^con_[A-Za-z0-9]{16}$")]
    private static partial Regex ConnectionId();
}
