using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;

namespace Ferry.Server.Tests;

[Collection("stack")]
public sealed class ManagementApiTests(FerryStack stack)
{
    [Fact]
    public async Task HttpStart_Is202WithThePayload_Status202WhileRunning_Then200WithReports()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("http");

        var payload = await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 300, "Team A"));
        var id = payload["id"]!.ToString();
        var seen = await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs);

        foreach (var uri in new[] { "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "purgeHistoryDeleteUri" })
        {
            Assert.StartsWith($"{stack.Server.BaseAddress}api/migrations/{id}", payload[uri]!.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("code=", payload[uri]!.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("/raiseEvent/{eventName}", payload["sendEventPostUri"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains(seen, s => s.Status == HttpStatusCode.Accepted && s.Body["runtimeStatus"]!.ToString() == "Running");
        Assert.Contains(seen, s => s.Status == HttpStatusCode.Accepted && (int)s.Body["customStatus"]!["rowsDone"]! is > 0 and < 300);
        var last = seen[^1];
        Assert.Equal(HttpStatusCode.OK, last.Status);
        Assert.Equal("Completed", last.Body["runtimeStatus"]!.ToString());
        Assert.Equal(300, (int)last.Body["customStatus"]!["rowsSucceeded"]!);
        Assert.Equal(100, (double)last.Body["customStatus"]!["percent"]!);
        Assert.Equal(300, (int)last.Body["output"]!["summary"]!["actions"]!["created"]!);
        Assert.Equal($"ferry-reports/{id}/results.csv", last.Body["output"]!["reports"]!["results"]!.ToString());
        Assert.NotNull(last.Body["createdTime"]);
        Assert.NotNull(last.Body["lastUpdatedTime"]);

        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), results.Select(r => r[0]));
        Assert.All(results, r => Assert.Equal("created", r[4]));
        Assert.Equal("line,row,login,email,action,errorCode,errorSummary", (await Jobs.ReportAsync(stack.Blobs, id, "failed.csv")).Trim());
        Assert.Equal(300, (int)JsonNode.Parse(await Jobs.ReportAsync(stack.Blobs, id, "summary.json"))!["rowsSucceeded"]!);
    }

    [Fact]
    public async Task ReactivateJob_ThroughTheServer_ReactivatesProvisionedUsersOnly()
    {
        using var client = stack.Server.CreateClient();
        using var okta = stack.Sandbox.CreateClient();
        var prefix = Jobs.Unique("react");
        foreach (var (login, activate) in new[] { ($"{prefix}-p@example.com", "true"), ($"{prefix}-s@example.com", "false") })
        {
            var created = await okta.PostAsync(
                new Uri($"/api/v1/users?activate={activate}", UriKind.Relative),
                new StringContent($$"""{"profile":{"firstName":"R","lastName":"E","email":"{{login}}","login":"{{login}}"} }""", Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
        }

        var id = (await Jobs.StartCsvAsync(client, $"Login,Department\n{prefix}-p@example.com,Ops\n{prefix}-s@example.com,Ops\n", "kind=reactivate"))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "done");

        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        Assert.Equal(["reactivated", "skipped"], results.Select(r => r[4]));
        Assert.Equal(["PROVISIONED", "STAGED"], results.Select(r => r[5]));
    }

    [Fact]
    public async Task DeleteInputOnSuccess_RemovesTheInputAndItsSnapshots()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("del");

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 3), "deleteInputOnSuccess=true"))["id"]!.ToString();
        var final = (await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "done"))[^1];
        var input = final.Body["input"]!["blob"]!["name"]!.ToString();
        var remaining = new List<string>();
        await foreach (var blob in stack.Blobs.GetBlobContainerClient("ferry-inbox").GetBlobsAsync(BlobTraits.None, BlobStates.Snapshots, input, default))
        {
            remaining.Add(blob.Name);
        }

        Assert.Equal("Completed", final.Body["runtimeStatus"]!.ToString());
        Assert.Empty(remaining);
        Assert.Equal(3, (await Jobs.ResultsAsync(stack.Blobs, id)).Count);
    }

    [Fact]
    public async Task InboxBlob_WithAnInvalidOptionInItsMetadata_FailsWithInvalidOptions()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("badopt");
        var blob = stack.Blobs.GetBlobContainerClient("ferry-inbox").GetBlobClient($"{prefix}.csv");
        await blob.UploadAsync(BinaryData.FromString(Jobs.Csv(prefix, 2)), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["activation"] = "sometimes" } });

        var job = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = $"{prefix}.csv" } });
        var id = (await job.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var final = (await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "done"))[^1];

        Assert.Equal("Failed", final.Body["runtimeStatus"]!.ToString());
        Assert.Equal("invalid-options", final.Body["output"]!["failure"]!["code"]!.ToString());
        Assert.Contains("activation must be one of", final.Body["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInstance_Is404()
    {
        using var client = stack.Server.CreateClient();

        var (status, _) = await Jobs.StatusAsync(client, "no-such-job-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task InvalidOptions_Are400_NamingTheOption()
    {
        using var client = stack.Server.CreateClient();

        var response = await client.PostAsync(new Uri("/api/migrations?kind=delete-all", UriKind.Relative), new StringContent("email\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kind must be one of", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonStart_ForAnExistingBlob_AndTheSameVersionAgain_IsTheSameJob()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("json");
        var blob = stack.Blobs.GetBlobContainerClient("ferry-inbox").GetBlobClient($"staging/{prefix}.txt");
        await blob.UploadAsync(BinaryData.FromString(Jobs.Csv(prefix, 5)));

        var first = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = $"staging/{prefix}.txt" }, options = new { activation = "none" } });
        var second = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = $"staging/{prefix}.txt" } });
        var missing = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = "nope.csv" } });

        var firstId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(firstId, secondId);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await Jobs.WaitFinishedAsync(client, firstId);
    }

    [Fact]
    public async Task InboxDrop_StartsOneJobPerBlobVersion_WithOptionsFromMetadataAndFolder()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("drop");
        var inbox = stack.Blobs.GetBlobContainerClient("ferry-inbox");
        var blob = inbox.GetBlobClient($"import/{prefix}.csv");
        var upload = await blob.UploadAsync(BinaryData.FromString(Jobs.Csv(prefix, 4)), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["existingUsers"] = "skip" } });
        var id = $"{prefix}-";

        var jobs = await WaitForJobsAsync(client, $"import/{prefix}.csv", 1);
        var firstId = jobs.Single()["instanceId"]!.ToString();
        await Jobs.WaitAsync(client, firstId, b => b["customStatus"]!["phase"]!.ToString() == "done");
        var tags = await blob.GetTagsAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System); // several more polls of the same version
        var again = await WaitForJobsAsync(client, $"import/{prefix}.csv", 1);
        await blob.UploadAsync(BinaryData.FromString(Jobs.Csv(prefix, 4) + $"{prefix}-late@example.com,La,Te,\n"), overwrite: true);
        var afterChange = await WaitForJobsAsync(client, $"import/{prefix}.csv", 2);

        Assert.StartsWith(id, firstId, StringComparison.Ordinal);
        Assert.Single(again);
        Assert.Equal(2, afterChange.Select(j => j["instanceId"]!.ToString()).Distinct().Count());
        var status = (await Jobs.StatusAsync(client, firstId)).Body!;
        Assert.Equal("skip", status["input"]!["options"]!["existingUsers"]!.ToString());
        Assert.Equal("import", status["input"]!["options"]!["kind"]!.ToString());
        Assert.Equal(upload.Value.ETag.ToString(), status["input"]!["blob"]!["eTag"]!.ToString());
        Assert.Equal(firstId, tags.Value.Tags["ferryInstanceId"]);
        Assert.Equal("Completed", tags.Value.Tags["ferryStatus"]);
    }

    [Fact]
    public async Task Terminate_StopsTheJob_AndTheReportCoversWhatWasDone()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("term");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 3000)))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, b => (int)b["customStatus"]!["rowsDone"]! > 300);
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
        var interim = await Jobs.ResultsAsync(stack.Blobs, id);
        var interimSummary = await Jobs.ReportAsync(stack.Blobs, id, "summary.json");

        var terminate = await client.PostAsync(new Uri($"/api/migrations/{id}/terminate?reason=changed+my+mind", UriKind.Relative), null);
        var terminated = (await Jobs.WaitFinishedAsync(client, id))[^1];
        // Read the moment the status says Terminated: the report is already the final one.
        var summaryWhenTerminated = await Jobs.ReportAsync(stack.Blobs, id, "summary.json");
        var resultsWhenTerminated = await Jobs.ResultsAsync(stack.Blobs, id);
        var final = (await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "done"))[^1];
        var again = await client.PostAsync(new Uri($"/api/migrations/{id}/terminate", UriKind.Relative), null);

        Assert.InRange(interim.Count, 1, 2999);
        Assert.Contains("\"outcome\": \"running\"", interimSummary, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal("Terminated", terminated.Body["runtimeStatus"]!.ToString());
        Assert.Equal("Terminated", final.Body["runtimeStatus"]!.ToString());
        Assert.Equal("changed my mind", final.Body["customStatus"]!["reason"]!.ToString());
        Assert.Equal("terminated", final.Body["output"]!["summary"]!["outcome"]!.ToString());
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        Assert.InRange(results.Count, 1, 2999);
        Assert.Contains("\"outcome\": \"terminated\"", summaryWhenTerminated, StringComparison.Ordinal);
        Assert.Equal(results.Count, resultsWhenTerminated.Count);
        Assert.Equal(results.Count, (int)terminated.Body["output"]!["summary"]!["rowsTotal"]!);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task SuspendAndResume_PauseTheJob_ThenItCompletes()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("susp");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 2000)))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, b => (int)b["customStatus"]!["rowsDone"]! > 0);

        var suspend = await client.PostAsync(new Uri($"/api/migrations/{id}/suspend?reason=maintenance", UriKind.Relative), null);
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
        var (status1, paused1) = await Jobs.StatusAsync(client, id);
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        var (_, paused2) = await Jobs.StatusAsync(client, id);
        var resume = await client.PostAsync(new Uri($"/api/migrations/{id}/resume", UriKind.Relative), null);
        var final = (await Jobs.WaitFinishedAsync(client, id))[^1];

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, status1);
        Assert.Equal("Suspended", paused1!["runtimeStatus"]!.ToString());
        Assert.Equal((int)paused1["customStatus"]!["rowsDone"]!, (int)paused2!["customStatus"]!["rowsDone"]!);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal("Completed", final.Body["runtimeStatus"]!.ToString());
        Assert.Equal(2000, (int)final.Body["output"]!["summary"]!["rowsSucceeded"]!);
    }

    [Fact]
    public async Task RequireApproval_DryRunsFirst_AndWritesOnlyAfterApprove()
    {
        using var client = stack.Server.CreateClient();
        using var okta = stack.Sandbox.CreateClient();
        var prefix = Jobs.Unique("appr");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 10, "Approvers"), "requireApproval=true"))["id"]!.ToString();

        var waiting = (await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "awaiting-approval"))[^1];
        var dryRun = await Jobs.ResultsAsync(stack.Blobs, id);
        var before = await okta.GetAsync(new Uri($"/api/v1/users/{prefix}0%40example.com", UriKind.Relative));
        var approve = await client.PostAsync(new Uri($"/api/migrations/{id}/raiseEvent/approve", UriKind.Relative), null);
        var final = (await Jobs.WaitFinishedAsync(client, id))[^1];
        var after = await okta.GetAsync(new Uri($"/api/v1/users/{prefix}0%40example.com", UriKind.Relative));

        Assert.Equal("Running", waiting.Body["runtimeStatus"]!.ToString());
        Assert.All(dryRun, r => Assert.Equal("would-create", r[4]));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal("Completed", final.Body["runtimeStatus"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.All(await Jobs.ResultsAsync(stack.Blobs, id), r => Assert.Equal("created", r[4]));
    }

    [Fact]
    public async Task RerunFailed_RunsOnlyTheFailedLines_InANewJob()
    {
        using var client = stack.Server.CreateClient();
        using var okta = stack.Sandbox.CreateClient();
        var prefix = Jobs.Unique("rerun");
        var later = $"Later {prefix}";
        var csv = "email,firstName,lastName,groups\n" +
            $"{prefix}0@example.com,A,Zero,\n{prefix}1@example.com,B,One,{later}\n{prefix}2@example.com,C,Two,\n{prefix}3@example.com,D,Three,{later}\nbad,E,Four,\n";
        var id = (await Jobs.StartCsvAsync(client, csv, "createMissingGroups=false"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);
        var failedCsv = await Jobs.ReportAsync(stack.Blobs, id, "failed.csv");
        await okta.PostAsync(new Uri("/api/v1/groups", UriKind.Relative), new StringContent($$"""{"profile":{"name":"{{later}}"} }""", Encoding.UTF8, "application/json"));

        var rerun = await client.PostAsync(new Uri($"/api/migrations/{id}/rerun-failed", UriKind.Relative), null);
        var rerunId = (await rerun.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(client, rerunId))[^1];
        var results = await Jobs.ResultsAsync(stack.Blobs, rerunId);

        Assert.Contains($"{prefix}1@example.com", failedCsv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        Assert.Equal($"{id}-rerun1", rerunId);
        Assert.Equal(id, final.Body["input"]!["rerunOf"]!.ToString());
        Assert.Equal(["3", "5"], results.Select(r => r[1]));
        Assert.All(results, r => Assert.Equal("created", r[4]));
    }

    [Fact]
    public async Task Purge_DeletesTheStateAndOnRequestTheReports()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("purge");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 3)))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);

        var purge = await client.DeleteAsync(new Uri($"/api/migrations/{id}?purgeReports=true", UriKind.Relative));
        var (status, _) = await Jobs.StatusAsync(client, id);
        var report = stack.Blobs.GetBlobContainerClient("ferry-reports").GetBlobClient($"{id}/results.csv");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(await report.ExistsAsync());
        var outcomes = stack.Blobs.GetBlobContainerClient("ferry-state").GetBlobsAsync(BlobTraits.None, BlobStates.None, $"outcomes/{id}/", default);
        await foreach (var _ in outcomes)
        {
            Assert.Fail("outcome blobs left behind");
        }
    }

    [Fact]
    public async Task List_FiltersByStatus_AndPagesWithAContinuationToken()
    {
        using var client = stack.Server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("list"), 2)))["id"]!.ToString();
            await Jobs.WaitFinishedAsync(client, id);
        }

        var completed = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?runtimeStatus=Completed&top=1000", UriKind.Relative));
        var none = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?runtimeStatus=Suspended", UriKind.Relative));
        var page = await client.GetAsync(new Uri("/api/migrations?top=2", UriKind.Relative));

        Assert.True(completed!.Count >= 3);
        Assert.All(completed, j => Assert.Equal("Completed", j!["runtimeStatus"]!.ToString()));
        Assert.Empty(none!);
        Assert.True(page.Headers.TryGetValues("x-ms-continuation-token", out var token));
        var next = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/migrations?top=2", UriKind.Relative));
        next.Headers.Add("x-ms-continuation-token", token!.Single());
        var nextPage = await (await client.SendAsync(next)).Content.ReadFromJsonAsync<JsonArray>();
        var firstPage = await page.Content.ReadFromJsonAsync<JsonArray>();
        Assert.Empty(firstPage!.Select(j => j!["instanceId"]!.ToString()).Intersect(nextPage!.Select(j => j!["instanceId"]!.ToString())));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheManagementApi()
    {
        using var client = stack.Server.CreateClient(withKey: false);

        var document = await client.GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative));

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/migrations", paths);
        Assert.Contains("/api/migrations/{id}", paths);
        Assert.Contains("/api/migrations/{id}/rerun-failed", paths);
        Assert.Contains("/api/events/blob-created", paths);
    }

    [Fact]
    public async Task EventGrid_ValidationHandshake_AndBlobCreatedStartsAJob()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("grid");
        var inbox = stack.Blobs.GetBlobContainerClient("ferry-inbox");
        await inbox.GetBlobClient($"grid/{prefix}.csv").UploadAsync(BinaryData.FromString(Jobs.Csv(prefix, 2)));

        var validation = await client.PostAsync(
            new Uri("/api/events/blob-created", UriKind.Relative),
            new StringContent("""[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""", Encoding.UTF8, "application/json"));
        var created = await client.PostAsync(
            new Uri("/api/events/blob-created", UriKind.Relative),
            new StringContent($$"""[{"id":"2","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/ferry-inbox/blobs/grid/{{prefix}}.csv","data":{"api":"PutBlob"} }]""", Encoding.UTF8, "application/json"));

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await validation.Content.ReadFromJsonAsync<JsonObject>())!["validationResponse"]!.ToString());
        var started = (await created.Content.ReadFromJsonAsync<JsonObject>())!["started"]!.AsArray();
        var id = started.Single()!.ToString();
        Assert.StartsWith(prefix, id, StringComparison.Ordinal);
        Assert.Equal("Completed", (await Jobs.WaitFinishedAsync(client, id))[^1].Body["runtimeStatus"]!.ToString());
    }

    private async Task<List<JsonObject>> WaitForJobsAsync(HttpClient client, string blobName, int count)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            var all = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?top=1000", UriKind.Relative));
            var matching = all!.Select(j => j!.AsObject()).Where(j => j["input"]!["blob"]!["name"]!.ToString() == blobName).ToList();
            if (matching.Count >= count || TimeProvider.System.GetUtcNow() > deadline)
            {
                return matching;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        }
    }
}
