using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using Ferry.Storage;

namespace Ferry.Server.Durable;

/// <summary>
/// The task hub on the Durable Task Framework's Azure Storage provider (the backend Durable Functions uses by
/// default): control queues, a work-item queue, history and instance tables, partition leases — in the same storage
/// account as Ferry's blobs, every request counted with theirs.
/// </summary>
public static class TaskHubService
{
    public static AzureStorageOrchestrationService Create(DurableOptions options, FerryStorage storage, IConfiguration configuration, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(configuration);
        var sessions = new StaleActivitySessions(loggers.CreateLogger<StaleActivitySessions>());
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = ClientsFor(storage),
            WorkerId = string.IsNullOrWhiteSpace(options.WorkerId) ? DefaultWorkerId(configuration) : options.WorkerId,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseRenewInterval,
            LeaseAcquireInterval = options.LeaseRenewInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskEntityWorkItems = options.MaxConcurrentOrchestrations,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            // Entities run on their own dispatcher (DurableTask.Core's AddTaskEntities needs it).
            UseSeparateQueueForEntityWorkItems = true,
            LoggerFactory = sessions.Watch(loggers),
        });
        sessions.Attach(service);
        return service;
    }

    /// <summary>The task hub's clients in Ferry's account: by its connection string, or by the same managed identity.</summary>
    private static StorageAccountClientProvider ClientsFor(FerryStorage storage)
    {
        var blobs = storage.Counted(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        var queues = storage.Counted(new QueueClientOptions());
        var tables = storage.Counted(new TableClientOptions());
        return storage.ConnectionString is { } connection
            ? new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connection, blobs),
                StorageServiceClientProvider.ForQueue(connection, queues),
                StorageServiceClientProvider.ForTable(connection, tables))
            : new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(storage.BlobUri, storage.Credential!, blobs),
                StorageServiceClientProvider.ForQueue(storage.QueueUri, storage.Credential!, queues),
                StorageServiceClientProvider.ForTable(storage.TableUri, storage.Credential!, tables));
    }

    /// <summary>The machine and this node's HTTP port: the same after a restart, different for two nodes on one machine.</summary>
    private static string DefaultWorkerId(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "";
        var port = urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(u => u.TrimEnd('/')).Select(u => u[(u.LastIndexOf(':') + 1)..]).FirstOrDefault() ?? "";
        return port.Length > 0 && port.All(char.IsAsciiDigit) ? $"{Environment.MachineName}-{port}" : Environment.MachineName;
    }
}
