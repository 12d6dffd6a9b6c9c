namespace Ferry.Testing.Reliability;

/// <summary>
/// Node loss: two Ferry processes share one task hub; node 1 is killed (SIGKILL) in the first half of a job and node 2
/// carries on (it takes node 1's partition leases when they expire, and runs node 1's batches again when their
/// messages reappear); then node 2 is killed and started again alone, so the job resumes from storage only. The job
/// completes, every row is once in results.csv and nobody is created twice. The job is followed through node 2.
/// </summary>
public static class NodeLossScenario
{
    public static Task<ScenarioReport> RunAsync(NodeLossSettings settings, CancellationToken cancellationToken = default) =>
        ScenarioReport.RunAsync("node-loss", async report =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            report.Figure("seed", settings.Seed).Figure("rows", settings.Rows).Figure("creates per second allowed by the org", settings.CreatesPerSecond);
            var points = new DisruptionPoints(settings.Seed);
            await using var azurite = await AzuriteHost.StartAsync(cancellationToken);
            await using var sandbox = await SlowOrg.StartAsync(settings.CreatesPerSecond, cancellationToken);
            var serverSettings = SlowOrg.ServerSettings(azurite, sandbox);
            await using var first = await FerryServerHost.StartAsync(serverSettings, "ferry-node1", cancellationToken: cancellationToken);
            await using var second = await FerryServerHost.StartAsync(serverSettings, "ferry-node2", cancellationToken: cancellationToken);
            using var client1 = first.CreateClient();
            using var client = second.CreateClient();
            string Logs() => first.ReadLogs() + second.ReadLogs();
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client1, Jobs.Csv("node", settings.Rows, "Node Loss")))["id"]!.ToString();

            if (await points.ReachAsync(report, client, id, points.Between(settings.Rows, 0.15, 0.4), settings.WaitTimeout, Logs, cancellationToken) is not { } firstKill)
            {
                return;
            }

            await first.KillAsync();
            var killed = TimeProvider.System.GetTimestamp();
            var carried = await Jobs.WaitForProgressAsync(client, id, settings.WaitTimeout, second.ReadLogs, cancellationToken);
            report.Figure("node 1 killed after", $"{firstKill} rows");
            report.Figure("node 1 killed -> progress on node 2", TimeProvider.System.GetElapsedTime(killed));

            var secondAt = Math.Max(Jobs.RowsDone(carried) + 1, points.Between(settings.Rows, 0.55, 0.8));
            if (await points.ReachAsync(report, client, id, secondAt, settings.WaitTimeout, second.ReadLogs, cancellationToken) is not { } secondKill)
            {
                return;
            }

            await second.KillAsync();
            killed = TimeProvider.System.GetTimestamp();
            await second.RestartAsync(cancellationToken);
            var up = TimeProvider.System.GetElapsedTime(killed);
            await Jobs.WaitForProgressAsync(client, id, settings.WaitTimeout, second.ReadLogs, cancellationToken);
            report.Figure("node 2 killed after", $"{secondKill} rows");
            report.Figure("node 2 killed -> up again alone", up);
            report.Figure("node 2 killed -> progress again", TimeProvider.System.GetElapsedTime(killed));

            var final = (await Jobs.WaitAsync(client, id, Jobs.IsDone, settings.WaitTimeout, second.ReadLogs, cancellationToken))[^1].Body;
            report.Figure("time to complete", TimeProvider.System.GetElapsedTime(started));
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}, not Completed");
            await RowChecks.EveryRowOnceAsync(report, azurite.CreateServiceClient(), sandbox, id, settings.Rows);
        });
}
