using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests;

/// <summary>The management API as served — its OpenAPI document and real payloads — is what docs/api.md describes.</summary>
[Collection("stack")]
public sealed class ApiDocsTests(FerryStack stack)
{
    [Fact]
    public async Task EveryEndpointOfTheOpenApiDocument_IsInApiMd()
    {
        using var client = stack.Server.CreateClient();

        var document = (await client.GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var endpoints = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => $"{method.Key.ToUpperInvariant()} {path.Key.TrimEnd('/')}"))
            .ToList();
        var spans = Docs.CodeSpans("docs/api.md");

        Assert.Contains("POST /api/migrations", endpoints);
        Assert.Contains("POST /api/migrations/{id}/rerun-failed", endpoints);
        Assert.Contains("POST /api/migrations/{id}/undo", endpoints);
        Assert.True(endpoints.Count >= 11, string.Join(", ", endpoints));
        var undocumented = endpoints.Where(e => !spans.Any(s => s == e || s.StartsWith(e + "?", StringComparison.Ordinal))).ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task EveryFieldOfTheManagementAndStatusPayloads_IsInApiMd()
    {
        using var client = stack.Server.CreateClient();
        var payload = await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("docs"), 120, "Docs"));
        var seen = await Jobs.WaitFinishedAsync(client, payload["id"]!.ToString());
        var final = seen[^1].Body;
        var spans = Docs.CodeSpans("docs/api.md");
        var text = Docs.Read("docs/api.md");

        // As documented, an HTTP upload is stored into the inbox under http/{yyyy}/{MM}/{dd}/{guid}/{name}.
        Assert.Matches(@"^http/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}/users\.csv$", final["input"]!["blob"]!["name"]!.ToString());
        var fields = payload.Select(p => p.Key)
            .Concat(seen.SelectMany(s => Names(s.Body, "")))
            .Distinct()
            .ToList();
        Assert.Contains("customStatus.budget.remaining", fields);
        Assert.Contains("output.reports.failed", fields);
        var undocumented = fields.Where(f => !spans.Contains(f) && !spans.Contains(f.Split('.')[^1]) && !text.Contains($"\"{f.Split('.')[^1]}\"", StringComparison.Ordinal)).ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Diagnostics_CountTheStorageRequestsOfAJob_AndEveryFieldIsInApiMd()
    {
        using var client = stack.Server.CreateClient();
        var before = (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)))!;

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("diag"), 3)))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);
        var after = (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)))!;

        // At least: the upload, the snapshot, the plan read, job and slice state, outcomes, three reports.
        Assert.True((long)after["storageRequests"]! - (long)before["storageRequests"]! >= 8, $"{before} → {after}");
        Assert.True((double)after["cpuSeconds"]! > (double)before["cpuSeconds"]!);
        Assert.InRange((long)after["workingSetBytes"]!, 1, (long)after["peakWorkingSetBytes"]!);

        // The kinds add up to the total, and the task hub's own traffic is among them.
        var byKind = after["storageRequestsByKind"]!.AsObject();
        Assert.Equal((long)after["storageRequests"]!, byKind.Sum(k => (long)k.Value!));
        Assert.Contains(byKind, k => k.Key.StartsWith("queue ", StringComparison.Ordinal));
        Assert.Contains(byKind, k => k.Key.StartsWith("table ", StringComparison.Ordinal));

        // The job drew on the users bucket's entity: it shows, with the operations it ran.
        var users = after["budgets"]!.AsArray().First(b => (string?)b!["budget"]!["bucket"] == "users" && ((string?)b["org"])?.Length > 0)!;
        Assert.True((long)users["budget"]!["operations"]! >= 1, users.ToJsonString());
        Assert.Empty(Docs.Undocumented("docs/api.md", after.Select(p => p.Key)));
    }

    /// <summary>Dotted field names of a status payload, down to the documented depth (options and summary are documented elsewhere).</summary>
    private static IEnumerable<string> Names(JsonObject node, string prefix)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix + name;
            yield return path;
            if (path is "input.options" or "output.summary")
            {
                continue;
            }

            var child = value as JsonObject ?? (value as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            if (child is not null)
            {
                foreach (var inner in Names(child, path + "."))
                {
                    yield return inner;
                }
            }
        }
    }
}
