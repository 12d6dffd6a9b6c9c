
namespace Ferry.Server.Tests;

/// <summary>
/// Durability: a Ferry process killed (SIGKILL) mid-job and started again, and a node of a two-node Redis cluster
/// killed mid-job. Every input row must appear exactly once in results.csv and no user may be created twice.
/// </summary>
public sealed class ResumeTests
{
    private const int Rows = 600;

    [Fact]
    public async Task KilledMidJob_AndRestarted_TheJobCompletes_EveryRowOnce_NobodyCreatedTwice()
    {
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(SlowOrg());
        await using var server = await FerryServerHost.StartAsync(SlowOrgSettings(azurite, sandbox), "ferry-crash");
        using var client = server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv("crash", Rows, "Crash Test")))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, b => (int)b["customStatus"]!["rowsDone"]! >= 100, logs: server.ReadLogs);

        await server.KillAsync();
        await server.RestartAsync();
        var final = (await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "done", TimeSpan.FromMinutes(3), server.ReadLogs))[^1];

        Assert.Equal("Completed", final.Body["runtimeStatus"]!.ToString());
        await AssertEveryRowOnceAsync(azurite.CreateServiceClient(), sandbox, id);
    }

    [Fact]
    public async Task ClusterNodeLost_MidJob_TheJobCompletesOnTheOther()
    {
        await using var redis = await RedisHost.StartAsync();
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(SlowOrg());
        var settings = SlowOrgSettings(azurite, sandbox);
        settings["Orleans:Clustering"] = "Redis";
        settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        settings["Orleans:ClusterId"] = "ferry-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await FerryServerHost.StartAsync(settings, "ferry-node1");
        await using var second = await FerryServerHost.StartAsync(settings, "ferry-node2");
        using var client1 = first.CreateClient();
        using var client2 = second.CreateClient();
        var id = (await Jobs.StartCsvAsync(client1, Jobs.Csv("node", Rows, "Cluster Test")))["id"]!.ToString();
        await Jobs.WaitAsync(client2, id, b => (int)b["customStatus"]!["rowsDone"]! >= 100, logs: () => first.ReadLogs() + second.ReadLogs());

        await first.KillAsync();
        var final = (await Jobs.WaitAsync(client2, id, b => b["customStatus"]!["phase"]!.ToString() == "done", TimeSpan.FromMinutes(3), second.ReadLogs))[^1];

        Assert.Equal("Completed", final.Body["runtimeStatus"]!.ToString());
        await AssertEveryRowOnceAsync(azurite.CreateServiceClient(), sandbox, id);
    }

    /// <summary>An org slow enough (30 creates a second) that a 600-row job is still running when the test kills a node.</summary>
    private static Dictionary<string, string?> SlowOrg() => new()
    {
        ["Sandbox:RateLimit:Limits:users"] = "60",
        ["Sandbox:RateLimit:Window"] = "00:00:02",
        ["Sandbox:Latency:Mean"] = "00:00:00.020",
    };

    private static Dictionary<string, string?> SlowOrgSettings(AzuriteHost azurite, SandboxHost sandbox)
    {
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings["Ferry:Budget:Window"] = "00:00:02";
        return settings;
    }

    private static async Task AssertEveryRowOnceAsync(Azure.Storage.Blobs.BlobServiceClient blobs, SandboxHost sandbox, string id)
    {
        var report = new Ferry.Testing.Reliability.ScenarioReport("resume");
        await Ferry.Testing.Reliability.RowChecks.EveryRowOnceAsync(report, blobs, sandbox, id, Rows);
        Assert.True(report.Passed, report.ToString());
    }
}
