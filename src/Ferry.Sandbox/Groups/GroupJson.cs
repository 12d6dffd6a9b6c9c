using System.Text.Json;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Groups;

/// <summary>Writes Okta's <c>Group</c> schema (see the <c>group-example</c> in Okta's spec).</summary>
public static class GroupJson
{
    public static void Write(Utf8JsonWriter json, DirectoryGroup group, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(group);
        var self = $"{baseUrl}/api/v1/groups/{group.Id}";
        json.WriteStartObject();
        json.WriteString("id", group.Id);
        json.WriteString("created", OktaTime.Format(group.Created));
        json.WriteString("lastUpdated", OktaTime.Format(group.LastUpdated));
        json.WriteString("lastMembershipUpdated", OktaTime.Format(group.LastMembershipUpdated));
        json.WriteStartArray("objectClass");
        json.WriteStringValue("okta:user_group");
        json.WriteEndArray();
        json.WriteString("type", group.Type);
        json.WriteStartObject("profile");
        json.WriteString("name", group.Name);
        if (group.Description is { } description)
        {
            json.WriteString("description", description);
        }
        else
        {
            json.WriteNull("description");
        }

        json.WriteEndObject();
        json.WriteStartObject("_links");
        json.WriteStartArray("logo");
        foreach (var size in new[] { "medium", "large" })
        {
            json.WriteStartObject();
            json.WriteString("name", size);
            json.WriteString("href", $"{baseUrl}/img/logos/groups/okta-{size}.png");
            json.WriteString("type", "image/png");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("users");
        json.WriteString("href", $"{self}/users");
        json.WriteEndObject();
        json.WriteStartObject("apps");
        json.WriteString("href", $"{self}/apps");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter json, IEnumerable<DirectoryGroup> groups, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(groups);
        json.WriteStartArray();
        foreach (var group in groups)
        {
            Write(json, group, baseUrl);
        }

        json.WriteEndArray();
    }
}
