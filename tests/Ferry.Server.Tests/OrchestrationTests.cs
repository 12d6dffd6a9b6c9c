using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using DurableTask.Core.Serializing;
using Newtonsoft.Json;
using CoreTaskHubClient = DurableTask.Core.TaskHubClient;

namespace Ferry.Server.Tests;

/// <summary>
/// The orchestrations on the real self-host over Azurite: what the task hub holds (bounded histories, no row), the
/// rate-limit entity (few operations, state that outlives the process), and a job's input read only from the inbox
/// whichever way it was started — down to an orchestration started on the task hub directly.
/// </summary>
[Collection("stack")]
public sealed class OrchestrationTests(FerryStack stack)
{
    [Fact]
    public async Task History_StaysTheSameSizeForTenTimesTheRows_AndHoldsNoRow_AndTheBudgetOutlivesTheProcess()
    {
        // A Ferry of its own with small batches, one lane, and a new generation every 2 batches: a 500-row job runs
        // 20 batches, ten times the 50-row job's 2, in one lane.
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "history");
        settings["Ferry:Jobs:BatchRows"] = "25";
        settings["Ferry:Jobs:BatchesPerGeneration"] = "2";
        settings["Ferry:Jobs:MaxConcurrentSlices"] = "1";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-history");
        using var client = server.CreateClient();
        var smallPrefix = Jobs.Unique("hsmall");
        var largePrefix = Jobs.Unique("hlarge");

        var small = (await Jobs.StartCsvAsync(client, Jobs.Csv(smallPrefix, 50), "activation=activate"))["id"]!.ToString();
        var large = (await Jobs.StartCsvAsync(client, Jobs.Csv(largePrefix, 500), "activation=activate"))["id"]!.ToString();
        var smallDone = (await Jobs.WaitFinishedAsync(client, small, logs: server.ReadLogs))[^1].Body;
        var largeDone = (await Jobs.WaitFinishedAsync(client, large, TimeSpan.FromMinutes(3), server.ReadLogs))[^1].Body;
        var smallHistory = await TaskHubHistory.LargestAsync(stack.Azurite, small, "history");
        var largeHistory = await TaskHubHistory.LargestAsync(stack.Azurite, large, "history");
        var text = await TaskHubHistory.TextAsync(stack.Azurite, large, "history");

        Assert.Equal(500, (int)largeDone["output"]!["summary"]!["rowsSucceeded"]!);
        Assert.Equal(50, (int)smallDone["output"]!["summary"]!["rowsSucceeded"]!);
        // Without generations the lane's history would grow by a dozen events per batch (entity calls, the activity,
        // their episodes): about 240 more for the large job. It is the same size as the small job's, give or take
        // the waits one batch more or less met.
        Assert.True(largeHistory.Events <= smallHistory.Events + 25, $"largest history: {largeHistory} for 500 rows, {smallHistory} for 50");
        Assert.True(largeHistory.Events <= 120, $"largest history: {largeHistory}");
        // The history holds the job's own records (blob names, counts) and no row: no login of the file appears.
        Assert.True(text.Length > 10_000, $"history text of {text.Length} chars");
        Assert.DoesNotContain(largePrefix, text, StringComparison.Ordinal);

        // The budget lives in a durable entity: after the process is gone and started again, the limit Okta
        // announced is known before any request (no probe to learn it again).
        var before = Budget(await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)), "users");
        await server.KillAsync();
        await server.RestartAsync();
        using var restarted = server.CreateClient();
        var after = Budget(await restarted.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)), "users");
        Assert.NotNull(before?["limit"]);
        Assert.Equal((int)before!["limit"]!, (int?)after?["limit"]);
        Assert.Equal((long)before["operations"]!, (long?)after?["operations"]);
    }

    [Fact]
    public async Task RateLimitEntity_AtMostOneOperationPerTwentyRows_AtTheDefaultBatchSizes()
    {
        // A Ferry of its own with Ferry's default slices and batches (the test default is small batches).
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "entityops");
        settings["Ferry:Jobs:SliceRows"] = null;
        settings["Ferry:Jobs:BatchRows"] = null;
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-entityops");
        using var client = server.CreateClient();
        var before = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative));

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("ops"), 1000), "activation=activate"))["id"]!.ToString();
        var done = (await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(3), server.ReadLogs))[^1].Body;
        var after = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative));

        // Two calls per row (create, activate) in two buckets, all through the entities of those buckets.
        Assert.Equal(1000, (int)done["output"]!["summary"]!["rowsSucceeded"]!);
        var operations = new[] { "users", "other" }.Sum(b => (long)Budget(after, b)!["operations"]! - ((long?)Budget(before, b)?["operations"] ?? 0));
        Assert.InRange(operations, 2, 1000 / 20);
    }

    [Fact]
    public async Task SlicesLastBatch_LeasesOnlyTheSlotsItsRowsNeed()
    {
        // Slices of 150 rows, batches of up to 100: each slice ends with a batch of 50 rows or fewer. A lane that
        // leased a full batch's slots for it would hold slots no row uses (other lanes' slots, lost at the window's
        // end): about 400 slots granted for 300 rows.
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "lastbatch");
        settings["Ferry:Jobs:SliceRows"] = "150";
        settings["Ferry:Jobs:BatchRows"] = "100";
        settings["Ferry:Jobs:MaxConcurrentSlices"] = "1";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-lastbatch");
        using var client = server.CreateClient();

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("last"), 300)))["id"]!.ToString();
        var done = (await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(3), server.ReadLogs))[^1].Body;
        var users = Budget(await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)), "users");

        Assert.Equal(300, (int)done["output"]!["summary"]!["rowsSucceeded"]!);
        Assert.InRange((long)users!["granted"]!, 300, 305);
    }

    [Fact]
    public async Task JobInput_OutsideTheInbox_IsRefused_ByTheApi_ByEventGrid_AndByTheOrchestrationItself()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("outside");
        // A blob an attacker would like a job to read (and quote in its error): not in the inbox.
        var marker = "NOT-FOR-JOBS-" + prefix;
        var secret = stack.Blobs.GetBlobContainerClient("ferry-reports").GetBlobClient($"{prefix}/summary.json");
        var uploaded = await secret.UploadAsync(BinaryData.FromString($"{marker},{marker}\n{marker},{marker}\n"));

        var byApi = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { container = "ferry-reports", name = $"{prefix}/summary.json" } });
        var byEventGrid = await client.PostAsync(
            new Uri("/api/events/blob-created", UriKind.Relative),
            new StringContent($$"""[{"id":"3","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/ferry-reports/blobs/{{prefix}}/summary.json","data":{"api":"PutBlob"} }]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, byApi.StatusCode);
        var problem = await byApi.Content.ReadAsStringAsync();
        Assert.Contains("Container not allowed", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byEventGrid.StatusCode);
        Assert.Empty((await byEventGrid.Content.ReadFromJsonAsync<JsonObject>())!["started"]!.AsArray());

        // Started on the task hub directly, as a host with a bug (or a Functions binding on the wrong container)
        // would: the job's first activity refuses the blob, and says so without a byte of it.
        var id = $"{prefix}-direct";
        using (var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "ferry",
            PartitionCount = 2,
            StorageAccountClientProvider = new StorageAccountClientProvider(stack.Azurite.ConnectionString),
        }))
        {
            var hub = new CoreTaskHubClient(service, new JsonDataConverter(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None }));
            var input = new
            {
                Blob = new { Container = "ferry-reports", Name = $"{prefix}/summary.json", ETag = uploaded.Value.ETag.ToString() },
                Options = new Dictionary<string, string>(),
            };
            await hub.CreateOrchestrationInstanceAsync("Migration", "", id, input);
        }

        var final = (await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs))[^1].Body;
        Assert.Equal("Failed", final["runtimeStatus"]!.ToString());
        Assert.Equal("input-not-allowed", final["output"]!["failure"]!["code"]!.ToString());
        Assert.DoesNotContain(marker, final.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, await Jobs.ReportAsync(stack.Blobs, id, "summary.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderErrors_QuoteAtMostFortyCharactersOfACell()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("quote");
        var cell = string.Concat(Enumerable.Repeat("CELLTEXT", 500));

        var id = (await Jobs.StartCsvAsync(client, $"email,firstName,{cell}\n{prefix}@example.com,A,B\n"))["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(client, id, logs: stack.Server.ReadLogs))[^1].Body;

        var message = final["output"]!["failure"]!["message"]!.ToString();
        Assert.Equal("Failed", final["runtimeStatus"]!.ToString());
        Assert.Contains("CELLTEXT", message, StringComparison.Ordinal);
        Assert.DoesNotContain(cell[..41], message, StringComparison.Ordinal);
        Assert.InRange(message.Length, 1, 600);
    }

    /// <summary>A bucket's budget from <c>GET /api/diagnostics</c> (the sandbox org's).</summary>
    private static JsonNode? Budget(JsonObject? diagnostics, string bucket) =>
        diagnostics?["budgets"]!.AsArray().Select(b => b!["budget"]).FirstOrDefault(b => (string?)b!["bucket"] == bucket);
}
