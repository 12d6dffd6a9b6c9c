using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Functions.Api;
using Ferry.Functions.Inbox;
using Ferry.Orchestration;

namespace Ferry.Functions.Tests;

/// <summary>
/// What the Functions host would load, read from the published app: every function with its trigger and bindings
/// (functions.metadata), the host extensions (extensions.json), the worker (worker.config.json), host.json, and one
/// version of each Durable Task assembly. No Functions host runs here; these files are what it reads.
/// </summary>
public sealed partial class PublishedAppTests
{
    [Fact]
    public async Task EveryOrchestratorActivityAndEntity_HasItsTrigger_UnderTheNameItIsScheduledBy()
    {
        var functions = await FunctionsAsync();

        foreach (var (name, _) in FerryTasks.Orchestrators)
        {
            Assert.Equal(["orchestrationTrigger"], Types(functions[name]));
        }

        foreach (var (name, _) in FerryTasks.Activities)
        {
            Assert.Equal(["activityTrigger"], Types(functions[name]));
        }

        foreach (var (name, _) in FerryTasks.Entities)
        {
            Assert.Equal(["entityTrigger"], Types(functions[name]));
        }

        var http = functions.Where(f => Types(f.Value).Contains("httpTrigger")).Select(f => f.Key);
        Assert.Equal(
            FerryTasks.Orchestrators.Concat(FerryTasks.Activities).Concat(FerryTasks.Entities).Select(t => t.Name).Append(InboxFunctions.Name).Concat(http).Order(StringComparer.Ordinal),
            functions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InboxTrigger_IsAnEventGridBlobTrigger_OnTheInboxContainer_WithADurableClient()
    {
        var function = (await FunctionsAsync())[InboxFunctions.Name];

        var trigger = Binding(function, "blobTrigger");
        Assert.Equal("%Ferry:Inbox:Container%/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("In", Binding(function, "durableClient").GetProperty("direction").GetString());
    }

    [Fact]
    public async Task HttpFunctions_AreTheManagementEndpointsOfApiMd_WithFunctionKeys()
    {
        var functions = await FunctionsAsync();
        var http = functions.Where(f => Types(f.Value).Contains("httpTrigger")).ToList();

        var served = http.Select(f =>
        {
            var trigger = Binding(f.Value, "httpTrigger");
            Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
            Assert.Equal("In", Binding(f.Value, "durableClient").GetProperty("direction").GetString());
            Assert.Equal("$return", Binding(f.Value, "http").GetProperty("name").GetString());
            var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList();
            return $"{Assert.Single(methods)} /api/{trigger.GetProperty("route").GetString()}";
        });
        var documented = EndpointRow().Matches(Docs.Read("docs/api.md"))
            .Select(m => $"{m.Groups["method"].Value} {m.Groups["path"].Value}")
            .Where(e => e.Contains("/api/migrations", StringComparison.Ordinal));
        Assert.Equal(documented.Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
        Assert.Contains(MigrationFunctions.Status, functions.Keys);
    }

    [Fact]
    public async Task Extensions_Worker_AndHost_AreWhatTheFunctionsHostLoads()
    {
        var app = await PublishedApp.GetAsync();

        using var extensions = app.Json("extensions.json");
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageBlobs", names);
        Assert.All(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => Assert.True(File.Exists(Path.Combine(app.Directory, e.GetProperty("hintPath").GetString()!))));

        using var worker = app.Json("worker.config.json");
        var description = worker.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.True(File.Exists(Path.Combine(app.Directory, description.GetProperty("defaultWorkerPath").GetString()!)));

        using var host = app.Json("host.json");
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%Ferry:Durable:TaskHub%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.Equal("AzureWebJobsStorage", durable.GetProperty("storageProvider").GetProperty("connectionName").GetString());
        // Inputs and outputs never go to telemetry (they hold no rows, but options and paths are the customer's).
        Assert.False(durable.GetProperty("tracing").GetProperty("traceInputsAndOutputs").GetBoolean());
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Ferry.Functions", "host.json")), File.ReadAllText(Path.Combine(app.Directory, "host.json")));
    }

    [Fact]
    public async Task EveryDurableTaskAssembly_ResolvesToOneVersion_TheOrchestrationClassesVersion()
    {
        var app = await PublishedApp.GetAsync();
        using var deps = app.Json("Ferry.Functions.deps.json");

        var packages = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "package")
            .Select(l => l.Name.Split('/'))
            .Where(p => p[0].StartsWith("Microsoft.DurableTask.", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(packages, p => p[0] == "Microsoft.DurableTask.Worker.Grpc");
        Assert.All(packages.GroupBy(p => p[0]), g => Assert.Single(g));
        Assert.All(packages, p => Assert.Equal("1.28.0", p[1]));
    }

    private static async Task<Dictionary<string, JsonElement>> FunctionsAsync()
    {
        var app = await PublishedApp.GetAsync();
        using var metadata = app.Json("functions.metadata");
        return metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }

    private static List<string> Types(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).Where(t => t is not "durableClient" and not "http").ToList();

    private static JsonElement Binding(JsonElement function, string type) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == type);

    [GeneratedRegex(@"^\| `(?<method>GET|POST|DELETE|PUT|OPTIONS) (?<path>/api/[^`?]+)(\?[^`]*)?` \|", RegexOptions.Multiline)]
    private static partial Regex EndpointRow();
}
