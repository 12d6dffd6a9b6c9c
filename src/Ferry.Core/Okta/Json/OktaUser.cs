using System.Text.Json;

namespace Ferry.Core.Okta.Json;

/// <summary>The parts of Okta's <c>User</c> schema Ferry reads.</summary>
public sealed record OktaUser(string Id, string Status, DateTimeOffset Created, Dictionary<string, JsonElement>? Profile)
{
    /// <summary>When the user's status last changed (null before any lifecycle change).</summary>
    public DateTimeOffset? StatusChanged { get; init; }

    /// <summary>When the user was last updated (profile, credentials, status).</summary>
    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>When the user last signed in; null when never.</summary>
    public DateTimeOffset? LastLogin { get; init; }

    public DateTimeOffset? Activated { get; init; }

    public string? ProfileText(string attribute) =>
        Profile is not null && Profile.TryGetValue(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
