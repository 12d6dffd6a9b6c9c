using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Auth0;

/// <summary>A copy of a tenant user for writing its JSON: never holds a password or hash.</summary>
public sealed record Auth0UserView(string UserId, string Connection, JsonObject Attributes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public int LoginsCount { get; init; }

    public DateTimeOffset? LastLogin { get; init; }
}
