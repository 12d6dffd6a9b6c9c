using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Ferry.Orchestration;
using Ferry.Orchestration.Rows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;
using CoreEntity = DurableTask.Core.Entities.TaskEntity;

namespace Ferry.Server.Durable;

/// <summary>
/// Runs Ferry's orchestration classes (<see cref="FerryTasks"/>) on this node: DurableTask.Core's
/// <see cref="TaskHubWorker"/> over the task hub, each Microsoft.DurableTask class wrapped by the public
/// <see cref="DurableTaskShimFactory"/> and created from the service provider per work item. Several nodes on one
/// task hub share the work: orchestrations by partition lease, activities from one queue.
/// </summary>
public sealed partial class DurableTaskHost(
    AzureStorageOrchestrationService service,
    IServiceProvider services,
    NodeStopping stopping,
    IOptions<DurableOptions> options,
    ILoggerFactory loggers,
    TimeProvider time,
    ILogger<DurableTaskHost> logger) : IHostedService
{
    private TaskHubWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The task hub's queues, tables and lease container; waits for storage rather than failing if it is not up yet.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await service.CreateIfNotExistsAsync();
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 30)
            {
                LogWaiting(logger, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true, DataConverter = DurableData.Converter }, loggers);
        var worker = new TaskHubWorker(service, new ServiceTaskRegistry<TaskOrchestration>(), new ServiceTaskRegistry<TaskActivity>(), new ServiceTaskRegistry<CoreEntity>(), loggers)
        {
            // A failed orchestration or activity carries its exception's type and message as failure details.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        foreach (var (name, type) in FerryTasks.Orchestrators)
        {
            worker.AddTaskOrchestrations(new TaskCreator<TaskOrchestration>(name, () => shims.CreateOrchestration(name, (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type))));
        }

        foreach (var (name, type) in FerryTasks.Activities)
        {
            worker.AddTaskActivities(new TaskCreator<TaskActivity>(name, () => shims.CreateActivity(name, (ITaskActivity)ActivatorUtilities.CreateInstance(services, type))));
        }

        var states = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, type) in FerryTasks.Entities)
        {
            worker.AddTaskEntities(new TaskCreator<CoreEntity>(name, () => new EntityBinder(shims, name, () => (ITaskEntity)ActivatorUtilities.CreateInstance(services, type), states)));
        }

        await worker.StartAsync();
        _worker = worker;
        LogStarted(logger, service.ToString());
    }

    /// <summary>
    /// Stops the node within <see cref="DurableOptions.ShutdownTimeout"/> (then a forced stop, bounded too): running
    /// batches stop sending at once and hand their results back, and the partition leases are released, so another node
    /// (or this one restarted) takes over at once. Past the bounds (storage unreachable), it stops without waiting and
    /// what was not handed back is redone as after a crash.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Stop();
        if (_worker is not { } worker)
        {
            return;
        }

        var started = time.GetTimestamp();
        if (!await WithinAsync(worker.StopAsync(isForced: false), options.Value.ShutdownTimeout))
        {
            LogForced(logger, options.Value.ShutdownTimeout);
            if (!await WithinAsync(worker.StopAsync(isForced: true), options.Value.ForcedShutdownTimeout))
            {
                LogGaveUp(logger, options.Value.ForcedShutdownTimeout);
                return; // the worker's threads end with the process
            }
        }

        worker.Dispose();
        LogStopped(logger, time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Whether <paramref name="stop"/> ended within <paramref name="bound"/> (its failure counts as ended).</summary>
    private async Task<bool> WithinAsync(Task stop, TimeSpan bound)
    {
        if (await Task.WhenAny(stop, Task.Delay(bound, time)) != stop)
        {
            return false;
        }

        if (stop.Exception is { } failed)
        {
            LogStopFailed(logger, failed.GetBaseException().Message);
        }

        return true;
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Durable Task worker started on {TaskHub}")]
    private static partial void LogStarted(ILogger logger, string taskHub);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Storage not reachable yet for the task hub (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Durable Task worker stopped in {Seconds:F1} s")]
    private static partial void LogStopped(ILogger logger, double seconds);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Durable Task worker did not stop within {Bound}: stopping it without waiting for its work in progress")]
    private static partial void LogForced(ILogger logger, TimeSpan bound);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Durable Task worker's forced stop did not end within {Bound} (storage unreachable?): the node exits; its work in progress is redone as after a crash")]
    private static partial void LogGaveUp(ILogger logger, TimeSpan bound);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Durable Task worker's stop failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);
}
