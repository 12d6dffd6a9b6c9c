using System.Net;

namespace Ferry.Server.Tests;

/// <summary>
/// A job's status moves with its rows, not batch by batch: a running batch's counts are added as it goes, and the
/// rate is measured over a sliding window.
/// </summary>
[Collection("stack")]
public sealed class LiveProgressTests(FerryStack stack)
{
    [Fact]
    public async Task SlowJob_RowsDoneRiseManyTimesWithinItsBatches_NeverFall_TheRateIsSteady()
    {
        // A Ferry and an org of their own, at a fifth of the users bucket: 500 rows take about 25 s in one or two batches.
        // (The shared org's window is part spent by the tests before: its rest would be paced into its last seconds.)
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "10" });
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, sandbox, "live");
        settings["Ferry:Budget:Share"] = "0.2";
        settings["Ferry:Jobs:MaxConcurrentSlices"] = "1";
        settings["Ferry:Jobs:SliceRows"] = "500";
        settings["Ferry:Jobs:BatchRows"] = "500";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-live");
        using var client = server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("live"), 500)))["id"]!.ToString();

        var seen = new List<(int Rows, double? Rate)>();
        while (true)
        {
            var (status, body) = await Jobs.StatusAsync(client, id);
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            if (body?["customStatus"] is { } progress && progress["phase"]!.ToString() == "rows")
            {
                seen.Add(((int)progress["rowsDone"]!, (double?)progress["rowsPerMinute"]));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        }

        var rows = seen.Select(s => s.Rows).ToList();
        Assert.Equal(500, (await Jobs.ResultsAsync(stack.Blobs, id, "live-reports")).Count);
        Assert.Equal(rows.Order(), rows);
        // The one batch's rows counted as they went, not all at its end.
        Assert.True(rows.Distinct().Count(r => r is > 0 and < 500) >= 8, string.Join(",", rows));
        // Once the window has filled, consecutive rates differ by less than half (no swinging between jumps).
        var rates = seen.Skip(seen.Count / 2).Select(s => s.Rate).OfType<double>().ToList();
        Assert.NotEmpty(rates);
        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.InRange(pair.Second, pair.First * 0.5, pair.First * 1.5));
    }
}
