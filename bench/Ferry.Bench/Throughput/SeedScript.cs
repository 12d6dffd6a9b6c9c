using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Bench.Throughput;

/// <summary>
/// The seed pattern (the PowerShell bulk import of the blog post Ferry was specified from): one row at a time,
/// create the user, and if that fails check whether it exists; then add it to its group(s), one call each. It knows
/// nothing of rate limits: a 429 is a failure like any other, recorded in its results file.
/// </summary>
internal static class SeedScript
{
    public static async Task<ScriptResult> RunAsync(HttpClient okta, IReadOnlyList<BenchUser> users, IReadOnlyDictionary<string, string> groupIds, CancellationToken cancellationToken)
    {
        var reported = new Dictionary<int, string>();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var user in users)
        {
            var body = new JsonObject
            {
                ["profile"] = new JsonObject { ["login"] = user.Login, ["email"] = user.Login, ["firstName"] = user.FirstName, ["lastName"] = user.LastName },
            };
            string? id = null;
            var status = "failed";
            using (var created = await okta.PostAsJsonAsync(new Uri("/api/v1/users?activate=false", UriKind.Relative), body, cancellationToken))
            {
                if (created.IsSuccessStatusCode)
                {
                    id = (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.ToString();
                    status = "created";
                }
            }

            if (id is null)
            {
                using var existing = await okta.GetAsync(new Uri($"/api/v1/users/{Uri.EscapeDataString(user.Login)}", UriKind.Relative), cancellationToken);
                if (existing.IsSuccessStatusCode)
                {
                    id = (await existing.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.ToString();
                    status = "existing";
                }
            }

            if (id is not null)
            {
                foreach (var group in user.Groups)
                {
                    using var added = await okta.PutAsync(new Uri($"/api/v1/groups/{groupIds[group]}/users/{id}", UriKind.Relative), null, cancellationToken);
                    if (!added.IsSuccessStatusCode)
                    {
                        status += "; group failed";
                    }
                }
            }

            reported[user.Row] = status;
        }

        return new ScriptResult(reported, TimeProvider.System.GetElapsedTime(started));
    }
}
