using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Auth0;

/// <summary>A user of the tenant as stored: the profile attributes it was imported with, never a password or hash.</summary>
internal sealed class Auth0User(string userId, string connection, JsonObject attributes, DateTimeOffset createdAt)
{
    public string UserId { get; } = userId;

    public string Connection { get; } = connection;

    public JsonObject Attributes { get; } = attributes;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    /// <summary>Sign-ins (the inspection API's simulated ones): Auth0's <c>logins_count</c> and <c>last_login</c>.</summary>
    public int LoginsCount { get; set; }

    public DateTimeOffset? LastLogin { get; set; }

    public string? Email => Attributes["email"]?.GetValue<string>();

    public string? Username => Attributes["username"]?.GetValue<string>();

    public Auth0UserView View() => new(UserId, Connection, Attributes.DeepClone().AsObject(), CreatedAt, UpdatedAt) { LoginsCount = LoginsCount, LastLogin = LastLogin };
}
