using System.Globalization;
using System.Text;
using Ferry.Testing;

namespace Ferry.Bench;

/// <summary>
/// <c>startup [--drops 5] [--idle 00:00:30] [--rows 20]</c>: how soon a file dropped into the inbox of an idle node
/// starts and finishes. One Ferry.Server with its production inbox and Durable Task settings, left idle for
/// <c>--idle</c> before each drop, so that its queue pollers have backed off as far as they go. The other self-host
/// timings (a restarted node carrying on, a survivor taking over) are figures of the reliability suite.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var drops = arguments.Int("drops", 5);
        var idle = arguments.Duration("idle", TimeSpan.FromSeconds(30));
        var rows = arguments.Int("rows", 20);

        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings["Ferry:Inbox:PollInterval"] = null; // the production default, not the tests' fast polling
        foreach (var (key, value) in arguments.Settings())
        {
            settings[key] = value;
        }

        await using var server = await FerryServerHost.StartAsync(settings, "ferry-startup");
        using var client = server.CreateClient();
        var blobs = azurite.CreateServiceClient();

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| drop | idle before | drop → job started | drop → first row done | drop → finished |")
            .AppendLine("|---:|---:|---:|---:|---:|");
        var started = new List<double>();
        for (var i = 1; i <= drops; i++)
        {
            await Task.Delay(idle, TimeProvider.System);
            var name = $"startup-{i}.csv";
            var dropped = TimeProvider.System.GetTimestamp();
            await Jobs.DropAsync(blobs, name, Encoding.UTF8.GetBytes(Jobs.Csv($"startup{i}", rows)));
            var id = await Jobs.WaitForInboxJobAsync(client, name, TimeSpan.FromMinutes(2));
            var listed = TimeProvider.System.GetElapsedTime(dropped);
            await Jobs.WaitAsync(client, id, b => Jobs.RowsDone(b) > 0 || Jobs.IsDone(b), TimeSpan.FromMinutes(2), server.ReadLogs);
            var firstRow = TimeProvider.System.GetElapsedTime(dropped);
            await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(2), server.ReadLogs);
            var finished = TimeProvider.System.GetElapsedTime(dropped);
            started.Add(firstRow.TotalSeconds);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {i} | {idle.TotalSeconds:0} s | {listed.TotalSeconds:0.0} s | {firstRow.TotalSeconds:0.0} s | {finished.TotalSeconds:0.0} s |");
        }

        table.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Drop → first row done: median {Median(started):0.0} s, worst {started.Max():0.0} s ({rows}-row files).")
            .AppendLine()
            .AppendLine(Machine.Describe());
        Console.WriteLine(table);
        await arguments.WriteOutAsync(table.ToString());

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
