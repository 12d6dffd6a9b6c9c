using System.Globalization;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Storage loss: Azurite stopped for <see cref="StorageLossSettings.Outage"/> in the first half of a job, then started
/// again on the same ports and data, while Ferry stays up. The job pauses — its progress stays put and it stops
/// sending users to Okta once the batches under way are done — then completes; every row is once in results.csv and
/// nobody is created twice.
/// </summary>
public static class StorageLossScenario
{
    private const int Slices = 4;
    private const int BatchRows = 25;

    /// <summary>Time for what was under way when storage went (an activity's outcome batch, an orchestration's checkpoint) to land.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static Task<ScenarioReport> RunAsync(StorageLossSettings settings, CancellationToken cancellationToken = default) =>
        ScenarioReport.RunAsync("storage-loss", async report =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            report.Figure("seed", settings.Seed).Figure("rows", settings.Rows).Figure("creates per second allowed by the org", settings.CreatesPerSecond);
            var points = new DisruptionPoints(settings.Seed);
            await using var azurite = await AzuriteHost.StartAsync(cancellationToken);
            await using var sandbox = await SlowOrg.StartAsync(settings.CreatesPerSecond, cancellationToken);
            var serverSettings = SlowOrg.ServerSettings(azurite, sandbox);
            serverSettings["Ferry:Jobs:MaxConcurrentSlices"] = Slices.ToString(CultureInfo.InvariantCulture);
            serverSettings["Ferry:Jobs:BatchRows"] = BatchRows.ToString(CultureInfo.InvariantCulture);
            await using var server = await FerryServerHost.StartAsync(serverSettings, "ferry-storage-loss", cancellationToken: cancellationToken);
            using var client = server.CreateClient();
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client, Jobs.Csv("storage", settings.Rows, "Storage Loss")))["id"]!.ToString();

            if (await points.ReachAsync(report, client, id, points.Between(settings.Rows, 0.15, 0.4), settings.WaitTimeout, server.ReadLogs, cancellationToken) is not { } reached)
            {
                return;
            }

            var down = TimeProvider.System.GetTimestamp();
            await azurite.StopAsync();
            var usersAtStop = await UsersAsync(sandbox, cancellationToken);
            var (reads, failedReads, settled, latest, statuses) = (0, 0, (int?)null, 0, new HashSet<string>());
            while (TimeProvider.System.GetElapsedTime(down) < settings.Outage)
            {
                try
                {
                    if ((await Jobs.StatusAsync(client, id, cancellationToken)).Body is { } status)
                    {
                        reads++;
                        statuses.Add(status["runtimeStatus"]!.ToString());
                        if (TimeProvider.System.GetElapsedTime(down) >= Settle)
                        {
                            settled ??= Jobs.RowsDone(status);
                            latest = Jobs.RowsDone(status);
                        }
                    }
                    else
                    {
                        failedReads++;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    failedReads++;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken);
            }

            var usersDuringOutage = await UsersAsync(sandbox, cancellationToken) - usersAtStop;
            await azurite.RestartAsync(cancellationToken);
            var outage = TimeProvider.System.GetElapsedTime(down);
            var back = TimeProvider.System.GetTimestamp();
            await Jobs.WaitForProgressAsync(client, id, settings.WaitTimeout, server.ReadLogs, cancellationToken);
            report.Figure("storage stopped after", $"{reached} rows")
                .Figure("outage (storage stopped -> answering again)", outage)
                .Figure("status reads during the outage (answered / failed)", $"{reads} / {failedReads}")
                .Figure($"rows the job reported done during the outage (after its first {ScenarioReport.Seconds(Settle)})", settled is null ? "no status answered" : latest - settled)
                .Figure("users created in the org during the outage", usersDuringOutage)
                .Figure("storage back -> progress again", TimeProvider.System.GetElapsedTime(back));
            report.Check(settled is null || latest == settled, $"the job went on from {settled} to {latest} rows while storage was down");
            report.Check(usersDuringOutage <= Slices * BatchRows, $"{usersDuringOutage} users were created while storage was down: more than the batches under way ({Slices} x {BatchRows})");
            report.Check(statuses.All(s => s == "Running"), $"the job's status during the outage was {string.Join(", ", statuses)}, not Running");

            var final = (await Jobs.WaitAsync(client, id, Jobs.IsDone, settings.WaitTimeout, server.ReadLogs, cancellationToken))[^1].Body;
            report.Figure("time to complete", TimeProvider.System.GetElapsedTime(started));
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}, not Completed");
            await RowChecks.EveryRowOnceAsync(report, azurite.CreateServiceClient(), sandbox, id, settings.Rows);
        });

    private static async Task<int> UsersAsync(SandboxHost sandbox, CancellationToken cancellationToken) =>
        (int)(await sandbox.GetStatsAsync(cancellationToken))["users"]!;
}
