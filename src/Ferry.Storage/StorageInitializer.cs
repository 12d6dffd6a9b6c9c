using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Storage;

/// <summary>Creates Ferry's containers at start, waiting for storage if it is not up yet rather than failing.</summary>
public sealed partial class StorageInitializer(FerryStorage storage, TimeProvider time, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await storage.EnsureContainersAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 30)
            {
                LogWaiting(logger, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Blob Storage not reachable yet (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
