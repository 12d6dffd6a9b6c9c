using System.Globalization;

namespace Ferry.Server.Tests;

/// <summary>
/// Stopping a node (SIGTERM: a deployment, a scale-in) ends within its bounds and loses nothing: with a job running at
/// Okta's pace, where a batch holds half a minute of slots, the node hands its batches back at once (nothing is sent
/// again after the restart); with storage gone, it gives up waiting and the rest is what a crash would redo.
/// </summary>
public sealed class ShutdownTests
{
    private const int Rows = 150;

    /// <summary><c>Ferry:Durable:ShutdownTimeout</c> (10 s) with room for the process's own exit.</summary>
    private static readonly TimeSpan StorageUpBound = TimeSpan.FromSeconds(15);

    /// <summary><c>ShutdownTimeout</c> + <c>ForcedShutdownTimeout</c> (25 s) with room.</summary>
    private static readonly TimeSpan StorageDownBound = TimeSpan.FromSeconds(35);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Sigterm_MidBatchAtOktasPace_ExitsWithinItsBound_AndAfterARestartTheJobEndsWithNoCreateSentTwice()
    {
        await using var stack = await SlowOrg.StartAsync("ferry-sigterm");
        var prefix = Jobs.Unique("sigterm");
        var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, Rows), name: $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(stack.Client, id, b => Jobs.RowsDone(b) >= 40, Timeout, stack.Server.ReadLogs);

        var exited = await stack.Server.Process!.TerminateAndTimeAsync(StorageUpBound);
        var log = stack.Server.ReadLogs();
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM mid-batch: exited after {exited?.TotalSeconds:F1} s");
        await stack.Server.RestartAsync(TestContext.Current.CancellationToken);
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var stats = await SlowOrg.StatsAsync(stack);

        Assert.True(exited is not null, $"still running {StorageUpBound} after SIGTERM:\n{log}");
        Assert.Contains("Durable Task worker stopped in", log, StringComparison.Ordinal);
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)), results.Select(r => r[0]));
        Assert.All(results, r => Assert.Equal("created", r[4]));
        Assert.Equal(Rows, (int)stats["users"]!);
        Assert.Empty(stats["createAttemptsByLogin"]!.AsObject()); // no create sent twice: the batch was handed back whole
    }

    [Fact]
    public async Task Sigterm_WithStorageGone_ExitsWithinItsBound_AndTheJobEndsAfterwards_EveryRowOnce()
    {
        await using var stack = await SlowOrg.StartAsync("ferry-sigterm-nostorage");
        var prefix = Jobs.Unique("nostore");
        var id = (await Jobs.StartCsvAsync(stack.Client, Jobs.Csv(prefix, Rows), name: $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(stack.Client, id, b => Jobs.RowsDone(b) >= 40, Timeout, stack.Server.ReadLogs);

        await stack.Azurite.StopAsync();
        var exited = await stack.Server.Process!.TerminateAndTimeAsync(StorageDownBound);
        var log = stack.Server.ReadLogs();
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM with storage gone: exited after {exited?.TotalSeconds:F1} s");
        await stack.Azurite.RestartAsync(TestContext.Current.CancellationToken);
        await stack.Server.RestartAsync(TestContext.Current.CancellationToken);
        var final = (await Jobs.WaitFinishedAsync(stack.Client, id, Timeout, stack.Server.ReadLogs))[^1].Body;
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var stats = await SlowOrg.StatsAsync(stack);

        Assert.True(exited is not null, $"still running {StorageDownBound} after SIGTERM with storage gone:\n{log}");
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(Enumerable.Range(1, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)), results.Select(r => r[0]));
        Assert.All(results, r => Assert.Equal("created", r[4]));
        Assert.Equal(Rows, (int)stats["users"]!);
    }
}
