using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ferry.Functions.Api;
using Ferry.Functions.Inbox;
using Ferry.Management.Api;
using Ferry.Orchestration.Jobs;
using Ferry.Testing.Security;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ferry.Functions.Tests.Security;

/// <summary>
/// The Function App's entry points with hostile names and unbounded bodies, called as the Functions host calls them
/// (the same handlers as the self-host, its own blob trigger): a 4xx naming the rule, no job, and the foreign blob
/// (<c>private-x/{unique}/users.csv</c> in the same Azurite) neither read, tagged, snapshotted nor deleted.
/// </summary>
public sealed class FunctionsBoundaryTests(FunctionsStack stack) : IClassFixture<FunctionsStack>
{
    private const long SmallUploadBytes = 1000;

    private DurableTaskClient Client => stack.Durable.Client;

    private MigrationFunctions Migrations => ActivatorUtilities.CreateInstance<MigrationFunctions>(stack.Services, stack.Services);

    /// <summary>The functions with <c>Ferry:Api:MaxUploadBytes</c> = 1000.</summary>
    private MigrationFunctions SmallUploads =>
        ActivatorUtilities.CreateInstance<MigrationFunctions>(stack.Services, stack.Services, Options.Create(new RequestLimitsOptions { MaxUploadBytes = SmallUploadBytes }));

    private BlobServiceClient Blobs => stack.Azurite.CreateServiceClient();

    [Theory]
    [InlineData("../{0}", "dot-segment")]
    [InlineData("a/../../{0}", "dot-segment")]
    [InlineData("..\\{1}", "backslash")]
    [InlineData("%2e%2e/{0}", "reserved-character")]
    [InlineData("/../{0}", "leading-slash")]
    public async Task StartMigration_JsonWithAHostileBlobName_Is400NamingTheRule_AndTheForeignBlobIsUntouched(string pattern, string rule)
    {
        var foreign = await ForeignBlob.CreateAsync(Blobs, TestContext.Current.CancellationToken);
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, foreign.Path, foreign.Path.Replace('/', '\\'));
        var body = System.Text.Json.JsonSerializer.Serialize(new { blob = new { container = stack.Storage.Inbox.Name, name }, options = new { dryRun = "true", deleteInputOnSuccess = "true" } });
        var request = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", body: body, contentType: "application/json");

        var answer = await FunctionCalls.AnswerAsync(request, await Migrations.StartAsync(request, Client, TestContext.Current.CancellationToken));

        Assert.Equal(400, answer.Status);
        Assert.Equal("Invalid blob name", answer.Body!["title"]!.ToString());
        Assert.Equal(rule, answer.Body["rule"]!.ToString());
        await AssertNoJobAsync(foreign);
    }

    [Theory]
    [InlineData("..%5C..%5Cferry-reports%5Cx%5Csummary.json", "summary.json")]
    [InlineData("..%2F..%2Fferry-reports%2Fx.csv", "x.csv")]
    [InlineData("evil%0D%0ASet-Cookie%3A%20ferry%3Dx.csv", "evilSet-Cookie: ferry=x.csv")]
    public async Task StartMigration_UploadName_IsReducedToASafeFileName(string query, string expected)
    {
        var request = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", $"?name={query}&dryRun=true", Jobs.Csv(Jobs.Unique("fnup"), 1));

        var answer = await FunctionCalls.AnswerAsync(request, await Migrations.StartAsync(request, Client, TestContext.Current.CancellationToken));

        Assert.Equal(202, answer.Status);
        Assert.DoesNotContain(answer.Headers, h => h.Key == "Set-Cookie");
        var job = await Client.GetInstanceAsync(answer.Body!["id"]!.ToString(), getInputsAndOutputs: true, TestContext.Current.CancellationToken);
        var input = System.Text.Json.Nodes.JsonNode.Parse(job!.SerializedInput!)!["Blob"] ?? System.Text.Json.Nodes.JsonNode.Parse(job.SerializedInput!)!["blob"];
        var name = input!["Name"]?.ToString() ?? input["name"]!.ToString();
        Assert.Matches(@"^http/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}/[^/\\]+$", name);
        Assert.Equal(expected, name.Split('/')[^1]);
    }

    [Fact]
    public async Task StartMigration_MultipartFilePart_IsStoredUnderItsSafeName()
    {
        const string boundary = "ferry-boundary";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"..\\..\\ferry-reports\\team.csv\"\r\nContent-Type: text/csv\r\n\r\n{Jobs.Csv(Jobs.Unique("fnmp"), 2)}\r\n--{boundary}--\r\n";
        var request = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?dryRun=true", body, $"multipart/form-data; boundary={boundary}");

        var answer = await FunctionCalls.AnswerAsync(request, await Migrations.StartAsync(request, Client, TestContext.Current.CancellationToken));

        Assert.Equal(202, answer.Status);
        var job = await Client.GetInstanceAsync(answer.Body!["id"]!.ToString(), getInputsAndOutputs: true, TestContext.Current.CancellationToken);
        Assert.Matches(@"http/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}/team\.csv", job!.SerializedInput!);
    }

    [Fact]
    public async Task StartMigration_OneByteOverMaxUploadBytes_Is413_AndNoBlobIsWritten_WithOrWithoutALength()
    {
        var declared = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?name=declared-over.csv", new string('x', (int)SmallUploadBytes + 1));
        declared.ContentLength = SmallUploadBytes + 1;
        var streamed = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?name=streamed-over.csv", new string('x', (int)SmallUploadBytes + 1));
        var fits = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", "?name=fits.csv&dryRun=true", "email\n" + new string('\n', (int)SmallUploadBytes - 6));

        var declaredAnswer = await FunctionCalls.AnswerAsync(declared, await SmallUploads.StartAsync(declared, Client, TestContext.Current.CancellationToken));
        var streamedAnswer = await FunctionCalls.AnswerAsync(streamed, await SmallUploads.StartAsync(streamed, Client, TestContext.Current.CancellationToken));
        var fitsAnswer = await FunctionCalls.AnswerAsync(fits, await SmallUploads.StartAsync(fits, Client, TestContext.Current.CancellationToken));

        Assert.Equal(413, declaredAnswer.Status);
        Assert.Equal(413, streamedAnswer.Status);
        Assert.Contains("Ferry:Api:MaxUploadBytes", streamedAnswer.Body!["detail"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, declared.Body.Position); // not a byte read
        Assert.Equal(202, fitsAnswer.Status);
        var stored = new List<string>();
        await foreach (var item in stack.Storage.Inbox.GetBlobsAsync(BlobTraits.None, BlobStates.None, "http/", TestContext.Current.CancellationToken))
        {
            stored.Add(item.Name.Split('/')[^1]);
        }

        Assert.DoesNotContain("declared-over.csv", stored);
        Assert.DoesNotContain("streamed-over.csv", stored);
        Assert.Contains("fits.csv", stored);
    }

    [Fact]
    public async Task StartMigration_JsonOver64KB_Is413_AndTenThousandDeep_Is400()
    {
        var huge = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", body: "{\"blob\":{\"name\":\"x.csv\"},\"pad\":\"" + new string('a', RequestBodies.MaxJsonBytes) + "\"}", contentType: "application/json");
        var declared = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", body: "{}", contentType: "application/json");
        declared.ContentLength = 64L * 1024 * 1024;
        var deep = FunctionCalls.Request(stack.Services, "POST", "/api/migrations", body: "{\"blob\":" + new string('[', 10_000) + new string(']', 10_000) + "}", contentType: "application/json");

        var hugeAnswer = await FunctionCalls.AnswerAsync(huge, await Migrations.StartAsync(huge, Client, TestContext.Current.CancellationToken));
        var declaredAnswer = await FunctionCalls.AnswerAsync(declared, await Migrations.StartAsync(declared, Client, TestContext.Current.CancellationToken));
        var deepAnswer = await FunctionCalls.AnswerAsync(deep, await Migrations.StartAsync(deep, Client, TestContext.Current.CancellationToken));

        Assert.Equal(413, hugeAnswer.Status);
        Assert.Equal(413, declaredAnswer.Status);
        Assert.Equal("Request body too large", declaredAnswer.Body!["title"]!.ToString());
        Assert.Equal(400, deepAnswer.Status);
        Assert.Contains("nested deeper than 16 levels", deepAnswer.Body!["detail"]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../b")]
    [InlineData("..\\x")]
    [InlineData("x:rows:0")]
    [InlineData("x:groups:rows")]
    public async Task JobEndpoints_WithIdsThatAreNotJobIds_Are400NamingTheRule(string id)
    {
        var answers = new List<Answer>();
        async Task CallAsync(string method, string path, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function)
        {
            var request = FunctionCalls.Request(stack.Services, method, path);
            answers.Add(await FunctionCalls.AnswerAsync(request, await function(request)));
        }

        var token = TestContext.Current.CancellationToken;
        await CallAsync("GET", $"/api/migrations/{id}", r => Migrations.StatusAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/terminate", r => Migrations.TerminateAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/suspend", r => Migrations.SuspendAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/resume", r => Migrations.ResumeAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/raiseEvent/approve", r => Migrations.RaiseEventAsync(r, id, "approve", Client, token));
        await CallAsync("DELETE", $"/api/migrations/{id}", r => Migrations.PurgeAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/rerun-failed", r => Migrations.RerunFailedAsync(r, id, Client, token));
        await CallAsync("POST", $"/api/migrations/{id}/undo", r => Migrations.UndoAsync(r, id, Client, token));
        await CallAsync("GET", $"/api/migrations/{id}/reports/results.csv", r => Migrations.ReportAsync(r, id, "results.csv", Client, token));

        Assert.All(answers, a =>
        {
            Assert.Equal(400, a.Status);
            Assert.Equal("job-id", a.Body!["rule"]!.ToString());
        });
    }

    [Fact]
    public async Task MigrationReport_ForANameOutsideTheReports_Is404()
    {
        var foreign = await ForeignBlob.CreateAsync(Blobs, TestContext.Current.CancellationToken);

        foreach (var name in new[] { $"../../{foreign.Path}", "..\\results.csv", "input.csv" })
        {
            var request = FunctionCalls.Request(stack.Services, "GET", "/api/migrations/users-000000000000/reports/x");
            var answer = await FunctionCalls.AnswerAsync(request, await Migrations.ReportAsync(request, "users-000000000000", name, Client, TestContext.Current.CancellationToken));
            Assert.Equal(404, answer.Status);
        }

        Assert.Empty(await foreign.ChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BlobTrigger_ForAHostileName_StartsNothing_AndLeavesTheForeignBlobAlone()
    {
        var foreign = await ForeignBlob.CreateAsync(Blobs, TestContext.Current.CancellationToken);
        var logger = new ListLogger<InboxFunctions>();
        var trigger = new InboxFunctions(stack.Services, logger);
        // The clients the trigger may be handed for an event naming "../private-x/…": built from the event's URL, whose
        // ".." the SDK collapses (a client of the foreign container), or with the name as stored.
        var collapsed = new BlobClient(new Uri($"{stack.Storage.Inbox.Uri}/../{foreign.Path}"));
        var named = new BlobClient(stack.Azurite.ConnectionString, stack.Storage.Inbox.Name, $"../{foreign.Path}");
        var backslashed = new BlobClient(stack.Azurite.ConnectionString, stack.Storage.Inbox.Name, $"..\\{foreign.Path.Replace('/', '\\')}");
        var encoded = new BlobClient(new Uri($"{stack.Storage.Inbox.Uri}/%2E%2E/{foreign.Path}"));

        foreach (var blob in new[] { collapsed, named, backslashed, encoded })
        {
            await trigger.StartFromInboxAsync(blob, Client, TestContext.Current.CancellationToken);
        }

        Assert.Equal(ForeignBlob.Container, collapsed.BlobContainerName);
        Assert.Equal(4, logger.Lines.Count(l => l.Contains("not a name Ferry reads", StringComparison.Ordinal)));
        await AssertNoJobAsync(foreign);
    }

    [Fact]
    public async Task AJobWhoseInputNameBreaksTheRule_FailsAtItsPlan_AndLeavesTheForeignBlobAlone()
    {
        // As a job started before the rule held (or a rerun of one): its input pinned to the foreign blob's own version.
        var foreign = await ForeignBlob.CreateAsync(Blobs, TestContext.Current.CancellationToken);
        var id = $"legacy-{foreign.Folder}";
        var input = new JobInput(
            new BlobRef(stack.Storage.Inbox.Name, $"../{foreign.Path}", foreign.ETag, null, foreign.Content.Length),
            new Dictionary<string, string> { ["deleteInputOnSuccess"] = "true", ["dryRun"] = "true" });

        await Client.ScheduleNewOrchestrationInstanceAsync(MigrationOrchestrator.Name, input, new StartOrchestrationOptions(id), TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        var output = done.ReadOutputAs<JobOutput>()!;
        Assert.Equal(JobOutcomes.Failed, output.Outcome);
        Assert.Equal("input-not-allowed", output.Failure!.Code);
        Assert.Contains("dot-segment", output.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.Folder, output.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(await foreign.ChangesAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>No instance names the foreign blob; it is as it was.</summary>
    private async Task AssertNoJobAsync(ForeignBlob foreign)
    {
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            Assert.DoesNotContain(foreign.Folder, instance.SerializedInput ?? "", StringComparison.Ordinal);
        }

        Assert.Empty(await foreign.ChangesAsync(TestContext.Current.CancellationToken));
    }
}
