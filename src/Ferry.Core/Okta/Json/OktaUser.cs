using System.Text.Json;

namespace Ferry.Core.Okta.Json;

/// <summary>The parts of Okta's <c>User</c> schema Ferry reads.</summary>
public sealed record OktaUser(string Id, string Status, DateTimeOffset Created, Dictionary<string, JsonElement>? Profile)
{
    public string? ProfileText(string attribute) =>
        Profile is not null && Profile.TryGetValue(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
