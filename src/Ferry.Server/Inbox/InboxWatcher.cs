using Azure.Storage.Blobs.Models;
using Ferry.Core.Security;
using Ferry.Management.Jobs;
using Ferry.Storage;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Inbox;

/// <summary>
/// Polls the inbox container for new or changed <c>*.csv</c> blobs and starts one job per blob version. Every node
/// may watch: the deterministic instance id makes the second start a no-op. Versions already handled are remembered
/// in memory to spare the task hub's client calls; after a restart they are simply asked again. A blob whose name
/// breaks <see cref="BlobNames"/>' rule (someone with storage access can write <c>../private-x/users.csv</c> into the
/// inbox) is left alone, with a warning once per version: touching it would address another container.
/// </summary>
public sealed partial class InboxWatcher(
    FerryStorage storage,
    JobStarter starter,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e);
            }

            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in storage.Inbox.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken))
        {
            if (!JobStarter.IsJobFile(item.Name))
            {
                continue;
            }

            var etag = item.Properties.ETag?.ToString() ?? "";
            var version = $"{item.Name}\n{etag}";
            if (_seen.Contains(version))
            {
                continue;
            }

            if (BlobNames.Check(item.Name) is { } problem)
            {
                _seen.Add(version);
                LogRefused(logger, BlobNames.Printable(item.Name), problem.Rule);
                continue;
            }

            var started = await starter.StartFromBlobAsync(storage.Inbox.Name, item.Name, etag, JobStarter.OptionsFor(item.Name, item.Metadata), cancellationToken);
            _seen.Add(version);
            if (started is { Created: true } job)
            {
                LogStarted(logger, item.Name, job.InstanceId);
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Inbox blob {Blob} started job {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string blob, string instanceId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Inbox blob {Blob} left alone: not a name Ferry reads ({Rule}); rename it to start its job")]
    private static partial void LogRefused(ILogger logger, string blob, string rule);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Inbox poll failed; will try again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
