using System.Globalization;
using System.Text.Json.Nodes;
using Azure;

namespace Ferry.Server.Tests;

/// <summary>
/// Reports while a job runs: a job up to Ferry:Jobs:InterimResultsMaxRows rows gets its rows so far in results.csv;
/// a larger one gets a summary counted from its workers' progress, and its rows at the end.
/// </summary>
[Collection("stack")]
public sealed class InterimReportTests(FerryStack stack)
{
    [Fact]
    public async Task SmallJob_HasItsRowsSoFar_LargeJob_ASummaryFromCounts_BothCompleteInFull()
    {
        // A Ferry of its own — its own task hub and containers — so it does not pick up the other tests' jobs.
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "interim");
        settings["Ferry:Jobs:InterimResultsMaxRows"] = "600";
        settings["Ferry:Jobs:InterimReportInterval"] = "00:00:01";
        // A quarter of the sandbox's users bucket (25 rows/s for both jobs together): the small job's 600 rows take
        // 24 s at the very least, so it is still running while its report is read.
        settings["Ferry:Budget:Share"] = "0.25";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-interim");
        using var client = server.CreateClient();
        var small = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("small"), 600)))["id"]!.ToString();
        var large = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("large"), 1200)))["id"]!.ToString();

        await Jobs.WaitAsync(client, small, b => (int)b["customStatus"]!["rowsDone"]! >= 150, logs: server.ReadLogs);
        await ReportHasRowsAsync(stack, small, 100);
        // Read while the report is rewritten every second: each read is a whole version, never an emptied blob.
        var reads = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            reads.Add((await Jobs.ResultsAsync(stack.Blobs, small, "interim-reports")).Count);
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        }

        var smallRows = await Jobs.ResultsAsync(stack.Blobs, small, "interim-reports");
        var smallSummary = JsonNode.Parse(await Jobs.ReportAsync(stack.Blobs, small, "summary.json", "interim-reports"))!;
        await Jobs.WaitAsync(client, large, b => (int)b["customStatus"]!["rowsDone"]! >= 150, logs: server.ReadLogs);
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        var largeSummary = JsonNode.Parse(await Jobs.ReportAsync(stack.Blobs, large, "summary.json", "interim-reports"))!;
        var largeResults = await Assert.ThrowsAsync<RequestFailedException>(() => Jobs.ResultsAsync(stack.Blobs, large, "interim-reports"));
        var largeStatus = (await Jobs.StatusAsync(client, large)).Body!;

        Assert.All(reads, count => Assert.InRange(count, 100, 600));
        Assert.Equal(reads.Order(), reads);
        Assert.InRange(smallRows.Count, 100, 599);
        // The rows done so far (slices run side by side, so not only a prefix), in input order, each once.
        var numbers = smallRows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal("running", smallSummary["outcome"]!.ToString());
        Assert.Equal("running", largeSummary["outcome"]!.ToString());
        Assert.InRange((int)largeSummary["rowsTotal"]!, 50, 1199);
        // Every row counted so far has its action (created, or failed with a code when the loaded machine's sandbox
        // answered too slowly): the counts add up, whatever the split.
        var actions = largeSummary["actions"]!.AsObject();
        Assert.True((int)largeSummary["rowsTotal"]! == actions.Sum(a => (int)a.Value!), largeSummary.ToJsonString());
        Assert.True((int?)actions["created"] > 0, largeSummary.ToJsonString());
        Assert.Equal(404, largeResults.Status);
        Assert.Equal("Running", largeStatus["runtimeStatus"]!.ToString());

        await Jobs.WaitFinishedAsync(client, small, TimeSpan.FromMinutes(2), server.ReadLogs);
        await Jobs.WaitFinishedAsync(client, large, TimeSpan.FromMinutes(2), server.ReadLogs);
        Assert.Equal(600, (await Jobs.ResultsAsync(stack.Blobs, small, "interim-reports")).Count);
        Assert.Equal(Enumerable.Range(1, 1200).Select(i => i.ToString(CultureInfo.InvariantCulture)), (await Jobs.ResultsAsync(stack.Blobs, large, "interim-reports")).Select(r => r[0]));
    }

    /// <summary>Waits (up to a minute) until the job's interim results.csv holds at least <paramref name="rows"/> rows.</summary>
    private static async Task ReportHasRowsAsync(FerryStack stack, string id, int rows)
    {
        for (var deadline = TimeProvider.System.GetUtcNow().AddMinutes(1); TimeProvider.System.GetUtcNow() < deadline;)
        {
            try
            {
                if ((await Jobs.ResultsAsync(stack.Blobs, id, "interim-reports")).Count >= rows)
                {
                    return;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Not written yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }

        Assert.Fail($"{id}: results.csv did not reach {rows} rows within a minute");
    }
}
