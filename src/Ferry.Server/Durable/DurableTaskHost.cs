using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Ferry.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is { } worker)
        {
            // Releases this node's partition leases, so another node takes them at once rather than after they expire.
            await worker.StopAsync(isForced: false);
            worker.Dispose();
        }
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Durable Task worker started on {TaskHub}")]
    private static partial void LogStarted(ILogger logger, string taskHub);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Storage not reachable yet for the task hub (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
