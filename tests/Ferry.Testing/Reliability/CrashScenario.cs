namespace Ferry.Testing.Reliability;

/// <summary>
/// Crash: Ferry killed (SIGKILL) <see cref="CrashSettings.Crashes"/> times at random points of one job and started
/// again each time. The job completes, every row is once in results.csv and nobody is created twice. Kill k comes at
/// a random point of the k-th of Crashes + 1 equal stretches of the rows.
/// </summary>
public static class CrashScenario
{
    public static Task<ScenarioReport> RunAsync(CrashSettings settings, CancellationToken cancellationToken = default) =>
        ScenarioReport.RunAsync("crash", async report =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            report.Figure("seed", settings.Seed).Figure("rows", settings.Rows).Figure("creates per second allowed by the org", settings.CreatesPerSecond);
            var points = new DisruptionPoints(settings.Seed);
            await using var azurite = await AzuriteHost.StartAsync(cancellationToken);
            await using var sandbox = await SlowOrg.StartAsync(settings.CreatesPerSecond, cancellationToken);
            await using var server = await FerryServerHost.StartAsync(SlowOrg.ServerSettings(azurite, sandbox), "ferry-crash", cancellationToken: cancellationToken);
            using var client = server.CreateClient();
            var started = TimeProvider.System.GetTimestamp();
            var id = (await Jobs.StartCsvAsync(client, Jobs.Csv("crash", settings.Rows, "Crash Test")))["id"]!.ToString();

            var kills = 0;
            var stretch = 1.0 / (settings.Crashes + 1);
            for (var k = 1; k <= settings.Crashes; k++)
            {
                var rows = points.Between(settings.Rows, (k - 0.8) * stretch, k * stretch);
                if (await points.ReachAsync(report, client, id, rows, settings.WaitTimeout, server.ReadLogs, cancellationToken) is not { } reached)
                {
                    break;
                }

                await server.KillAsync();
                var killed = TimeProvider.System.GetTimestamp();
                kills++;
                await server.RestartAsync(cancellationToken);
                var up = TimeProvider.System.GetElapsedTime(killed);
                await Jobs.WaitForProgressAsync(client, id, settings.WaitTimeout, server.ReadLogs, cancellationToken);
                report.Figure(
                    $"kill {k}",
                    $"after {reached} rows; Ferry up again {ScenarioReport.Seconds(up)} after the kill, the job progressing again {ScenarioReport.Seconds(TimeProvider.System.GetElapsedTime(killed))} after");
            }

            var final = (await Jobs.WaitAsync(client, id, Jobs.IsDone, settings.WaitTimeout, server.ReadLogs, cancellationToken))[^1].Body;
            report.Figure("kills", kills).Figure("time to complete", TimeProvider.System.GetElapsedTime(started));
            report.Check(final["runtimeStatus"]!.ToString() == "Completed", $"the job ended {final["runtimeStatus"]}, not Completed");
            await RowChecks.EveryRowOnceAsync(report, azurite.CreateServiceClient(), sandbox, id, settings.Rows);

            // A batch run again after a kill sends only what its lost execution had not checkpointed (every 1.5 s): the
            // rows in flight (4 lanes x 8 at a time at most) and those done since its last checkpoint (1.5 s at the org's pace).
            var resent = (int)(await sandbox.GetStatsAsync(cancellationToken))["duplicateCreates"]!;
            var perKill = (4 * 8) + (int)Math.Ceiling(settings.CreatesPerSecond * 2.5);
            report.Figure("creates sent again per kill", kills == 0 ? 0 : Math.Round((double)resent / kills, 1));
            report.Check(resent <= kills * perKill, $"{resent} creates were sent again after {kills} kills: more than the rows in flight and not checkpointed ({perKill} a kill)");
        });
}
