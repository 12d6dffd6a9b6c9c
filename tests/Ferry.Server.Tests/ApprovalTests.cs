using System.Net;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Serializing;
using Newtonsoft.Json;
using CoreTaskHubClient = DurableTask.Core.TaskHubClient;

namespace Ferry.Server.Tests;

/// <summary>
/// "Nothing is written before approval, and an approval is of a dry run someone could read" (docs/api.md), tried the way
/// an impatient second operator would break it: <c>approve</c> sent through the API at every phase before the dry run's
/// report exists, and raised straight on the task hub (as the Function App host's own webhook could) before the job
/// waits — Durable Task keeps such events and delivers them when the orchestration waits for them.
/// </summary>
[Collection("stack")]
public sealed class ApprovalTests(FerryStack stack)
{
    [Fact]
    public async Task ApprovalsBeforeTheDryRunIsWritten_AreRefusedOrNotCounted_OnlyAnApprovalOfTheDryRunReleasesTheJob()
    {
        const int rows = 2_000;
        using var client = stack.Server.CreateClient();
        using var okta = stack.Sandbox.CreateClient();
        var prefix = Jobs.Unique("early");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, rows, "Approvers"), "requireApproval=true", $"{prefix}.csv"))["id"]!.ToString();
        using var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "ferry",
            PartitionCount = 2,
            StorageAccountClientProvider = new StorageAccountClientProvider(stack.Azurite.ConnectionString),
        });
        var hub = new CoreTaskHubClient(service, new JsonDataConverter(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None }));
        var instance = new OrchestrationInstance { InstanceId = id };
        await hub.RaiseEventAsync(instance, "approve", null!); // at once: before the plan

        var refused = 0;
        var phasesRaisedIn = new HashSet<string>(StringComparer.Ordinal) { "start" };
        JsonObject status;
        while (true)
        {
            status = (await Jobs.StatusAsync(client, id)).Body!;
            var phase = status["customStatus"]!["phase"]!.ToString();
            if (phase == "awaiting-approval")
            {
                break;
            }

            if (phasesRaisedIn.Add(phase))
            {
                // Once in each phase before the dry run is written (planning, groups, dry-run): through the API, which
                // refuses, and straight on the task hub, which the job must not count when it comes to wait.
                var answer = await client.PostAsync(new Uri($"/api/migrations/{id}/raiseEvent/approve", UriKind.Relative), null);
                var after = (await Jobs.StatusAsync(client, id)).Body!["customStatus"]!["phase"]!.ToString();
                Assert.True(after != "awaiting-approval", $"the dry run of phase {phase} ended within one request: the test needs a slower dry run");
                Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
                Assert.Contains("no dry run to approve yet", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                refused++;
                await hub.RaiseEventAsync(instance, "approve", null!);
                await hub.RaiseEventAsync(instance, "approve", "not-this-dry-run");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        // Every early approval has been delivered to the waiting job by now; none may release it.
        var dryRunId = status["customStatus"]!["dryRunId"]!.ToString();
        await hub.RaiseEventAsync(instance, "approve", "a-guess");
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
        var stillWaiting = (await Jobs.StatusAsync(client, id)).Body!;
        var dryRun = await Jobs.ResultsAsync(stack.Blobs, id);
        var before = await okta.GetAsync(new Uri($"/api/v1/users/{prefix}0%40example.com", UriKind.Relative));

        Assert.True(refused > 0, "the dry run was over before an approval could be tried");
        Assert.Contains("dry-run", phasesRaisedIn);
        Assert.Equal("awaiting-approval", stillWaiting["customStatus"]!["phase"]!.ToString());
        Assert.Equal(dryRunId, stillWaiting["customStatus"]!["dryRunId"]!.ToString());
        Assert.Equal(rows, dryRun.Count);
        Assert.All(dryRun, r => Assert.Equal("would-create", r[4]));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        var approve = await client.PostAsync(new Uri($"/api/migrations/{id}/raiseEvent/approve", UriKind.Relative), null);
        var final = (await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(3), stack.Server.ReadLogs))[^1].Body;

        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Null(final["customStatus"]!["dryRunId"]);
        Assert.All(await Jobs.ResultsAsync(stack.Blobs, id), r => Assert.Equal("created", r[4]));
    }
}
