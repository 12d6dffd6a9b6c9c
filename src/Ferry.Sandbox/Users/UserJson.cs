using System.Text.Json;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Users;

/// <summary>Writes Okta's <c>User</c> schema. Collections carry only the <c>self</c> link, as Okta's do.</summary>
public static class UserJson
{
    public static void Write(Utf8JsonWriter json, DirectoryUser user, string baseUrl, bool fullLinks)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(user);
        var self = $"{baseUrl}/api/v1/users/{user.Id}";
        json.WriteStartObject();
        json.WriteString("id", user.Id);
        json.WriteString("status", user.Status);
        json.WriteString("created", OktaTime.Format(user.Created));
        WriteTime(json, "activated", user.Activated);
        WriteTime(json, "statusChanged", user.StatusChanged);
        WriteTime(json, "lastLogin", user.LastLogin);
        json.WriteString("lastUpdated", OktaTime.Format(user.LastUpdated));
        WriteTime(json, "passwordChanged", user.PasswordChanged);
        json.WriteStartObject("type");
        json.WriteString("id", user.TypeId);
        json.WriteEndObject();
        json.WritePropertyName("profile");
        json.WriteRawValue(user.ProfileJson, skipInputValidation: true);

        json.WriteStartObject("credentials");
        if (user.HasPassword)
        {
            json.WriteStartObject("password");
            json.WriteEndObject();
        }

        if (user.RecoveryQuestion is { } question)
        {
            json.WriteStartObject("recovery_question");
            json.WriteString("question", question);
            json.WriteEndObject();
        }

        json.WriteStartObject("provider");
        json.WriteString("type", user.ProviderType);
        json.WriteString("name", user.ProviderName);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("_links");
        if (fullLinks)
        {
            if (user.Status is UserStatus.Staged or UserStatus.Deprovisioned)
            {
                Link(json, "activate", $"{self}/lifecycle/activate", "POST");
            }

            if (user.Status is UserStatus.Provisioned or UserStatus.Recovery)
            {
                Link(json, "reactivate", $"{self}/lifecycle/reactivate", "POST");
            }

            if (user.Status != UserStatus.Deprovisioned)
            {
                Link(json, "deactivate", $"{self}/lifecycle/deactivate", "POST");
            }

            Link(json, "schema", $"{baseUrl}/api/v1/meta/schemas/user/osc{user.TypeId[3..]}", null);
            Link(json, "type", $"{baseUrl}/api/v1/meta/types/user/{user.TypeId}", null);
        }

        Link(json, "self", self, null);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter json, IEnumerable<DirectoryUser> users, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(users);
        json.WriteStartArray();
        foreach (var user in users)
        {
            Write(json, user, baseUrl, fullLinks: false);
        }

        json.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, OktaTime.Format(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Link(Utf8JsonWriter json, string name, string href, string? method)
    {
        json.WriteStartObject(name);
        json.WriteString("href", href);
        if (method is not null)
        {
            json.WriteString("method", method);
        }

        json.WriteEndObject();
    }
}
