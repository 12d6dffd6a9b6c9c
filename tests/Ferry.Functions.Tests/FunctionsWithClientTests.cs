using Azure.Storage.Blobs.Models;
using Ferry.Functions.Api;
using Ferry.Functions.Inbox;
using Ferry.Management.Jobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Functions.Tests;

/// <summary>
/// The starter and management functions of the Function App, called as the Functions host would call them, with a
/// real Durable Task client; the jobs they start run Ferry's real orchestrations against Azurite and the sandbox.
/// </summary>
public sealed class FunctionsWithClientTests(FunctionsStack stack) : IClassFixture<FunctionsStack>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private DurableTaskClient Client => stack.Durable.Client;

    private DurableTaskClient TaskHub => stack.TaskHub;

    private MigrationFunctions Migrations => ActivatorUtilities.CreateInstance<MigrationFunctions>(stack.Services, stack.Services);

    [Fact]
    public async Task DroppedCsv_StartsOneJob_UnderTheBlobsDeterministicId()
    {
        var name = $"{Jobs.Unique("drop")}.csv";
        var blob = stack.Storage.Inbox.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(new BinaryData(Jobs.Csv(Jobs.Unique("fn"), 5)), new BlobUploadOptions(), TestContext.Current.CancellationToken);
        var trigger = new InboxFunctions(stack.Services, NullLogger<InboxFunctions>.Instance);

        // Event Grid delivers at least once: the same blob version twice is one job.
        await trigger.StartFromInboxAsync(blob, Client, TestContext.Current.CancellationToken);
        await trigger.StartFromInboxAsync(blob, Client, TestContext.Current.CancellationToken);

        var id = InstanceIds.ForBlob(stack.Storage.Inbox.Name, name, uploaded.Value.ETag.ToString());
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = id, FetchInputsAndOutputs = true }))
        {
            instances.Add(instance);
        }

        var job = Assert.Single(instances);
        Assert.Equal(id, job.InstanceId);
        Assert.Equal("Migration", job.Name);
        Assert.Contains(name, job.SerializedInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppedCsv_OnTheTaskHub_RunsToItsReport()
    {
        var name = $"{Jobs.Unique("drop")}.csv";
        var blob = stack.Storage.Inbox.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(new BinaryData(Jobs.Csv(Jobs.Unique("fn"), 5)), new BlobUploadOptions(), TestContext.Current.CancellationToken);

        await new InboxFunctions(stack.Services, NullLogger<InboxFunctions>.Instance).StartFromInboxAsync(blob, TaskHub, TestContext.Current.CancellationToken);

        var id = InstanceIds.ForBlob(stack.Storage.Inbox.Name, name, uploaded.Value.ETag.ToString());
        var done = await WaitFinishedAsync(id);
        Assert.Equal(200, done.Status);
        Assert.Equal("Completed", done.Body!["runtimeStatus"]!.ToString());
        Assert.Equal(5, (int)done.Body["output"]!["summary"]!["actions"]!["created"]!);
        var results = await stack.Storage.Reports.GetBlobClient($"{id}/results.csv").DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal(6, results.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var report = FunctionCalls.Request(stack.Services, "GET", $"/api/migrations/{id}/reports/summary.json");
        var summary = await FunctionCalls.AnswerAsync(report, await Migrations.ReportAsync(report, id, "summary.json", TaskHub, TestContext.Current.CancellationToken));
        Assert.Equal(200, summary.Status);
        Assert.Equal(5, (int)summary.Body!["actions"]!["created"]!);
        var other = FunctionCalls.Request(stack.Services, "GET", $"/api/migrations/{id}/reports/input.csv");
        Assert.Equal(404, (await FunctionCalls.AnswerAsync(other, await Migrations.ReportAsync(other, id, "input.csv", TaskHub, TestContext.Current.CancellationToken))).Status);
    }

    [Fact]
    public async Task NotACsv_InTheInbox_StartsNothing()
    {
        var name = $"{Jobs.Unique("notes")}.txt";
        var blob = stack.Storage.Inbox.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(new BinaryData("hello"), new BlobUploadOptions(), TestContext.Current.CancellationToken);

        await new InboxFunctions(stack.Services, NullLogger<InboxFunctions>.Instance).StartFromInboxAsync(blob, Client, TestContext.Current.CancellationToken);

        Assert.Null(await Client.GetInstanceAsync(InstanceIds.ForBlob(stack.Storage.Inbox.Name, name, uploaded.Value.ETag.ToString()), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Start_Status_List_Approve_Purge_AnswerAsApiMdSays()
    {
        var start = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?requireApproval=true&name=team.csv", Jobs.Csv(Jobs.Unique("ap"), 3));
        var started = await FunctionCalls.AnswerAsync(start, await Migrations.StartAsync(start, TaskHub, TestContext.Current.CancellationToken));

        Assert.Equal(202, started.Status);
        var id = started.Body!["id"]!.ToString();
        // The payload's URIs carry no key (unlike Durable Functions' own): a URL ends up in logs.
        var statusUri = $"https://ferry-app.azurewebsites.net/api/migrations/{id}";
        Assert.Equal(statusUri, started.Body["statusQueryGetUri"]!.ToString());
        Assert.Equal(statusUri, started.Headers.Location.ToString());
        Assert.Equal($"https://ferry-app.azurewebsites.net/api/migrations/{id}/terminate?reason={{text}}", started.Body["terminatePostUri"]!.ToString());
        Assert.DoesNotContain(FunctionCalls.Key, started.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith("team-", id, StringComparison.Ordinal);

        var awaiting = await WaitAsync(id, a => a.Body?["customStatus"]?["phase"]?.ToString() == "awaiting-approval");
        Assert.Equal(202, awaiting.Status);
        Assert.Equal("Running", awaiting.Body!["runtimeStatus"]!.ToString());

        var list = FunctionCalls.Request(stack.Services, "GET", "/api/migrations", "?runtimeStatus=Running&top=1000");
        var listed = await FunctionCalls.AnswerAsync(list, await Migrations.ListAsync(list, TaskHub, TestContext.Current.CancellationToken));
        Assert.Equal(200, listed.Status);
        Assert.Contains(listed.Body!.AsArray(), s => s!["instanceId"]!.ToString() == id);

        var early = FunctionCalls.Request(stack.Services, "DELETE", $"/api/migrations/{id}");
        Assert.Equal(409, (await FunctionCalls.AnswerAsync(early, await Migrations.PurgeAsync(early, id, TaskHub, TestContext.Current.CancellationToken))).Status);

        var approve = FunctionCalls.Request(stack.Services, "POST", $"/api/migrations/{id}/raiseEvent/approve");
        Assert.Equal(202, (await FunctionCalls.AnswerAsync(approve, await Migrations.RaiseEventAsync(approve, id, "approve", TaskHub, TestContext.Current.CancellationToken))).Status);
        var done = await WaitFinishedAsync(id);
        Assert.Equal("Completed", done.Body!["runtimeStatus"]!.ToString());
        Assert.Equal(3, (int)done.Body["output"]!["summary"]!["actions"]!["created"]!);

        var purge = FunctionCalls.Request(stack.Services, "DELETE", $"/api/migrations/{id}", "?purgeReports=true");
        var purged = await FunctionCalls.AnswerAsync(purge, await Migrations.PurgeAsync(purge, id, TaskHub, TestContext.Current.CancellationToken));
        Assert.Equal(200, purged.Status);
        Assert.Equal(1, (int)purged.Body!["instancesDeleted"]!);
        Assert.Equal(404, (await StatusAsync(id)).Status);
    }

    [Fact]
    public async Task UnknownJob_Is404_BadQueriesAre400()
    {
        var terminate = FunctionCalls.Request(stack.Services, "POST", "/api/migrations/nobody-123/terminate", "?reason=test");
        var list = FunctionCalls.Request(stack.Services, "GET", "/api/migrations", "?createdTimeFrom=yesterday");
        var badOption = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?activation=sometimes", "login,email\n");

        Assert.Equal(404, (await StatusAsync("nobody-123", Client)).Status);
        Assert.Equal(404, (await FunctionCalls.AnswerAsync(terminate, await Migrations.TerminateAsync(terminate, "nobody-123", Client, TestContext.Current.CancellationToken))).Status);
        var badList = await FunctionCalls.AnswerAsync(list, await Migrations.ListAsync(list, Client, TestContext.Current.CancellationToken));
        Assert.Equal(400, badList.Status);
        var badStart = await FunctionCalls.AnswerAsync(badOption, await Migrations.StartAsync(badOption, Client, TestContext.Current.CancellationToken));
        Assert.Equal(400, badStart.Status);
        Assert.Contains("activation", badStart.Body!["detail"]!.ToString(), StringComparison.Ordinal);
    }

    private async Task<Answer> StatusAsync(string id, DurableTaskClient? client = null)
    {
        var request = FunctionCalls.Request(stack.Services, "GET", $"/api/migrations/{id}");
        return await FunctionCalls.AnswerAsync(request, await Migrations.StatusAsync(request, id, client ?? TaskHub, TestContext.Current.CancellationToken));
    }

    private Task<Answer> WaitFinishedAsync(string id) => WaitAsync(id, a => a.Status == 200);

    private async Task<Answer> WaitAsync(string id, Func<Answer, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow() + JobTimeout;
        while (true)
        {
            var answer = await StatusAsync(id);
            if (done(answer))
            {
                return answer;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{id} not there within {JobTimeout}: {answer.Status} {answer.Body?.ToJsonString()}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        }
    }
}
