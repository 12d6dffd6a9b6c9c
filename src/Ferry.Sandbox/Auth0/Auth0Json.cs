using System.Text.Json;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Auth0;

/// <summary>Writes the tenant's objects in the Management API's JSON shapes.</summary>
public static class Auth0Json
{
    public static void WriteConnection(Utf8JsonWriter json, Auth0Connection connection)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(connection);
        json.WriteStartObject();
        json.WriteString("id", connection.Id);
        json.WriteString("name", connection.Name);
        json.WriteString("strategy", "auth0");
        json.WriteStartObject("options");
        json.WriteBoolean("import_mode", false);
        json.WriteEndObject();
        json.WriteStartArray("enabled_clients");
        json.WriteEndArray();
        json.WriteBoolean("is_domain_connection", false);
        json.WriteStartArray("realms");
        json.WriteStringValue(connection.Name);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// A job as <c>GET /api/v2/jobs/{id}</c> answers it: progress while processing, the summary once completed,
    /// neither when pending or failed.
    /// </summary>
    public static void WriteJob(Utf8JsonWriter json, Auth0JobView job, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(job);
        json.WriteStartObject();
        json.WriteString("status", job.Status.ToString().ToLowerInvariant());
        json.WriteString("type", "users_import");
        json.WriteString("created_at", OktaTime.Format(job.CreatedAt));
        json.WriteString("id", job.Id);
        json.WriteString("connection_id", job.ConnectionId);
        json.WriteString("connection", job.ConnectionName);
        json.WriteBoolean("upsert", job.Upsert);
        if (job.ExternalId is not null)
        {
            json.WriteString("external_id", job.ExternalId);
        }

        json.WriteBoolean("send_completion_email", job.SendCompletionEmail);
        if (job.Status == Auth0JobStatus.Processing)
        {
            json.WriteNumber("percentage_done", job.Total == 0 ? 0 : job.Processed * 100 / job.Total);
            json.WriteNumber("time_left_seconds", (long)Math.Ceiling(job.TimeLeft.TotalSeconds));
        }

        if (job.Status == Auth0JobStatus.Completed)
        {
            json.WriteStartObject("summary");
            json.WriteNumber("failed", job.Failed);
            json.WriteNumber("updated", job.Updated);
            json.WriteNumber("inserted", job.Inserted);
            json.WriteNumber("total", job.Total);
            json.WriteEndObject();
            json.WriteString("location", $"{baseUrl}/api/v2/jobs/{job.Id}/errors");
        }

        json.WriteEndObject();
    }

    /// <summary>A user as the Management API returns it; the stored attributes never include a password or hash.</summary>
    public static void WriteUser(Utf8JsonWriter json, Auth0UserView user)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(user);
        var email = (string?)user.Attributes["email"] ?? string.Empty;
        json.WriteStartObject();
        json.WriteString("user_id", user.UserId);
        json.WriteString("email", email);
        json.WriteBoolean("email_verified", (bool?)user.Attributes["email_verified"] ?? false);
        json.WriteString("name", (string?)user.Attributes["name"] ?? email);
        json.WriteString("nickname", (string?)user.Attributes["nickname"] ?? email.Split('@')[0]);
        foreach (var (name, value) in user.Attributes)
        {
            if (name is "email" or "email_verified" or "name" or "nickname")
            {
                continue;
            }

            json.WritePropertyName(name);
            if (value is null)
            {
                json.WriteNullValue();
            }
            else
            {
                value.WriteTo(json);
            }
        }

        json.WriteStartArray("identities");
        json.WriteStartObject();
        json.WriteString("connection", user.Connection);
        json.WriteString("user_id", user.UserId[(user.UserId.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        json.WriteString("provider", "auth0");
        json.WriteBoolean("isSocial", false);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("created_at", OktaTime.Format(user.CreatedAt));
        json.WriteString("updated_at", OktaTime.Format(user.UpdatedAt));
        json.WriteNumber("logins_count", user.LoginsCount);
        if (user.LastLogin is { } lastLogin)
        {
            json.WriteString("last_login", OktaTime.Format(lastLogin));
        }

        json.WriteEndObject();
    }

    public static void WriteFailure(Utf8JsonWriter json, Auth0ImportFailure failure)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(failure);
        json.WriteStartObject();
        json.WritePropertyName("user");
        failure.User.WriteTo(json);
        json.WriteStartArray("errors");
        foreach (var error in failure.Errors)
        {
            json.WriteStartObject();
            json.WriteString("code", error.Code);
            json.WriteString("message", error.Message);
            json.WriteString("path", error.Path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
