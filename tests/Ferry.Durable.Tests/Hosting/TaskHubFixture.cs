using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Ferry.Durable.Tests.Workflows;
using Ferry.Server.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using CoreTaskActivity = DurableTask.Core.TaskActivity;
using CoreTaskEntity = DurableTask.Core.Entities.TaskEntity;
using TaskHubClient = Ferry.Server.Durable.TaskHubClient;

namespace Ferry.Durable.Tests.Hosting;

/// <summary>
/// One Azurite, one task hub and one real Durable Task worker (DurableTask.Core's TaskHubWorker running the
/// Microsoft.DurableTask orchestrations, activities and entities through their shims, registered with Ferry.Server's
/// own <see cref="ServiceTaskRegistry{T}"/>, <see cref="TaskCreator{T}"/> and <see cref="EntityBinder"/>), shared by a
/// test class, and the <see cref="TaskHubClient"/> under test.
/// </summary>
public sealed class TaskHubFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string?> _entityStates = new(StringComparer.Ordinal);
    private AzuriteHost? _azurite;
    private TaskHubWorker? _worker;
    private AzureStorageOrchestrationService? _service;
    private TaskHubClient? _client;

    public TaskHubClient Client => _client ?? throw new InvalidOperationException("not started");

    public AzureStorageOrchestrationService Service => _service ?? throw new InvalidOperationException("not started");

    public DataConverter DataConverter { get; } = JsonDataConverter.Default;

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // Stop what did start (Azurite above all): a failed fixture must not leave a process behind.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is { } client)
            {
                _client = null;
                await client.DisposeAsync();
            }

            if (_worker is { } worker)
            {
                _worker = null;
                await worker.StopAsync(isForced: true);
                worker.Dispose();
            }

            _service?.Dispose();
            _service = null;
        }
        finally
        {
            if (_azurite is { } azurite)
            {
                _azurite = null;
                await azurite.DisposeAsync();
            }
        }
    }

    private async Task StartAsync(CancellationToken cancellation)
    {
        _azurite = await AzuriteHost.StartAsync(cancellation);

        var id = Guid.NewGuid().ToString("N")[..8];
        _service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "durabletests" + id,
            StorageAccountClientProvider = new StorageAccountClientProvider(_azurite.ConnectionString),
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            UseSeparateQueueForEntityWorkItems = true,
            WorkerId = "worker-" + id,
        });
        await _service.CreateIfNotExistsAsync();

        var loggers = NullLoggerFactory.Instance;
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true, DataConverter = DataConverter }, loggers);
        _worker = new TaskHubWorker(
            _service,
            new ServiceTaskRegistry<TaskOrchestration>(),
            new ServiceTaskRegistry<CoreTaskActivity>(),
            new ServiceTaskRegistry<CoreTaskEntity>(),
            loggers)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        AddOrchestration(shims, nameof(Greet), () => new Greet());
        AddOrchestration(shims, nameof(AwaitApproval), () => new AwaitApproval());
        AddOrchestration(shims, nameof(FailWith), () => new FailWith());
        AddOrchestration(shims, nameof(Countdown), () => new Countdown());
        _worker.AddTaskActivities(new TaskCreator<CoreTaskActivity>(nameof(Shout), () => shims.CreateActivity(nameof(Shout), new Shout())));
        AddEntity(shims, nameof(Counter), () => new Counter());
        await _worker.StartAsync();

        _client = new TaskHubClient("tests", _service, DataConverter, TimeProvider.System);
    }

    private void AddOrchestration(DurableTaskShimFactory shims, string name, Func<ITaskOrchestrator> create) =>
        _worker!.AddTaskOrchestrations(new TaskCreator<TaskOrchestration>(name, () => shims.CreateOrchestration(name, create())));

    private void AddEntity(DurableTaskShimFactory shims, string name, Func<ITaskEntity> create) =>
        _worker!.AddTaskEntities(new TaskCreator<CoreTaskEntity>(name, () => new EntityBinder(shims, name, create, _entityStates)));
}
