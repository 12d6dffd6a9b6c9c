using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.Testing;

/// <summary>
/// Another tool writing to the sandbox's Auth0 tenant beside Ferry, as a migration team's own script would: users
/// imported through Auth0's bulk import, without Ferry's mark, moments before a Ferry job sends the same users.
/// </summary>
public static class OtherAuth0Tool
{
    /// <summary>Imports a user per email (names from the email, no password) and waits until Auth0's job completed.</summary>
    public static async Task ImportAsync(SandboxHost sandbox, IEnumerable<string> emails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        using var client = await sandbox.CreateAuth0ClientAsync(cancellationToken);
        var users = new JsonArray([.. emails.Select(e => (JsonNode)new JsonObject { ["email"] = e, ["email_verified"] = true, ["given_name"] = "Other" })]);
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes(users.ToJsonString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var form = new MultipartFormDataContent
        {
            { file, "users", "users.json" },
            { new StringContent(sandbox.Auth0Options.ConnectionId), "connection_id" },
            { new StringContent("false"), "send_completion_email" },
        };
        JsonNode? job = null;
        for (var attempt = 0; job is null; attempt++)
        {
            using var response = await client.PostAsync(new Uri("/api/v2/jobs/users-imports", UriKind.Relative), form, cancellationToken);
            if ((int)response.StatusCode == 429 && attempt < 120)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken); // the tenant's two import slots are busy
                continue;
            }

            response.EnsureSuccessStatusCode();
            job = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }

        var id = job["id"]!.ToString();
        var deadline = TimeProvider.System.GetTimestamp() + (long)(TimeProvider.System.TimestampFrequency * 120.0);
        while (true)
        {
            var seen = (await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/v2/jobs/{id}", UriKind.Relative), cancellationToken))!;
            var status = seen["status"]!.ToString();
            if (status == "completed")
            {
                var failed = (int?)seen["summary"]?["failed"] ?? 0;
                if (failed > 0)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The other tool's import {id} failed {failed} user(s): they existed already."));
                }

                return;
            }

            if (status is "failed" or "expired" || TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The other tool's import {id} ended {status}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>Every user of the tenant by lower-cased email: the Ferry job that marked it (<c>app_metadata.ferry_job</c>), or null.</summary>
    public static async Task<Dictionary<string, string?>> OwnersAsync(SandboxHost sandbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var listed = (await http.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative), cancellationToken))!;
        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var user in listed)
        {
            owners.TryAdd(user!["email"]!.ToString().ToLowerInvariant(), (string?)user["app_metadata"]?["ferry_job"]);
        }

        return owners;
    }
}
