using Microsoft.Extensions.Options;

namespace Ferry.Server.Jobs;

/// <summary>
/// Every node, at start and every <see cref="JobsOptions.ResumeInterval"/>, pokes every unfinished job. After a
/// crash, a restart or a lost node, each job's grain is activated again (wherever the cluster places it) and carries
/// on from its persisted state, with no call from anyone.
/// </summary>
public sealed partial class JobResumer(
    JobCatalog catalog,
    IGrainFactory grains,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var id in catalog.UnfinishedAsync(stoppingToken))
                {
                    await grains.GetGrain<IJobGrain>(id).EnsureRunningAsync();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResumeFailed(logger, e);
            }

            await Task.Delay(options.Value.ResumeInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Looking for unfinished jobs failed; will try again")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
