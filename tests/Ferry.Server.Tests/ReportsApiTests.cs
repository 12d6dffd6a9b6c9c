using System.Net;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests;

/// <summary>GET /api/migrations/{id}/reports/{name}: a job's report through the API, behind the key.</summary>
[Collection("stack")]
public sealed class ReportsApiTests(FerryStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_OfAFinishedJob_IsTheBlobsBytes_UnknownNamesAndJobsAre404_NoKeyIs401()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("report");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 4) + "not-an-email,X,Y,\n"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs);

        foreach (var name in new[] { "results.csv", "failed.csv", "summary.json" })
        {
            using var response = await client.GetAsync(new Uri($"/api/migrations/{id}/reports/{name}", UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await Jobs.ReportAsync(stack.Blobs, id, name), await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv", response.Content.Headers.ContentType!.MediaType);
        }

        var summary = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/migrations/{id}/reports/summary.json", UriKind.Relative), Cancel))!;
        Assert.Equal(1, (int)summary["rowsInvalid"]!);

        foreach (var path in new[] { $"/api/migrations/{id}/reports/secrets.txt", $"/api/migrations/{id}/reports/..%2F..%2Fferry-inbox", "/api/migrations/no-such-job-000000000000/reports/results.csv" })
        {
            using var missing = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var anonymous = stack.Server.CreateClient(withKey: false);
        using var refused = await anonymous.GetAsync(new Uri($"/api/migrations/{id}/reports/results.csv", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
