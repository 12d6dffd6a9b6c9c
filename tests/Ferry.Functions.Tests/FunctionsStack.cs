using DurableTask.AzureStorage;
using Ferry.Functions.Orchestrations;
using Ferry.Management;
using Ferry.Orchestration;
using Ferry.Orchestration.Groups;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Ferry.Server.Durable;
using Ferry.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Functions.Tests;

/// <summary>
/// The Function App's functions called with real <see cref="DurableTaskClient"/>s, over real Azurite and the Okta
/// sandbox, with the app's own service registrations. Two backends:
/// <list type="bullet">
/// <item><see cref="Durable"/>: Durable Task's in-process test host (an in-memory backend behind a gRPC sidecar, the
/// client the Durable extension hands a function), running Ferry's orchestrators through the Function App's
/// orchestrator triggers. Its backend has no entities, so its jobs stop at their first rate-limit lease: it serves
/// the starter's and the API's answers, not whole jobs.</item>
/// <item><see cref="TaskHub"/>: a client on the Azure Storage task hub of a real Ferry node (the self-host, its own
/// process, running the same orchestration classes with their entity) — the backend Durable Functions uses on Azure:
/// jobs the functions start run to their reports.</item>
/// </list>
/// Only the Functions host is missing.
/// </summary>
public sealed class FunctionsStack : IAsyncLifetime
{
    public AzuriteHost Azurite { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public DurableTaskTestHost Durable { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public FerryServerHost Node { get; private set; } = null!;

    public DurableTaskClient TaskHub { get; private set; } = null!;

    private AzureStorageOrchestrationService _taskHubService = null!;

    public FerryStorage Storage => Services.GetRequiredService<FerryStorage>();

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync();
        Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "10" });
        // The node's settings are the functions' too: the same account, containers and Okta org.
        var settings = FerryServerHost.SettingsForOwnHub(Azurite, Sandbox, "fnhub");
        settings["Ferry:Inbox:Enabled"] = "false";
        Node = await FerryServerHost.StartAsync(settings, "ferry-functions-node");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Services = Register(new ServiceCollection(), configuration).BuildServiceProvider();
        await Storage.EnsureContainersAsync(CancellationToken.None);
        Durable = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                // The orchestrators through the Function App's triggers, as the Durable extension would call them.
                registry.AddOrchestratorFunc<JobInput, JobOutput>(MigrationOrchestrator.Name, (context, _) => OrchestrationFunctions.Migration(context));
                registry.AddOrchestratorFunc<GroupsState, GroupsResult>(GroupsOrchestrator.Name, (context, _) => OrchestrationFunctions.ResolveGroupsPhase(context));
                registry.AddOrchestratorFunc<LaneState, LaneResult>(RowsLaneOrchestrator.Name, (context, _) => OrchestrationFunctions.RowsLane(context));
                foreach (var (name, type) in FerryTasks.Activities)
                {
                    registry.AddActivity(name, type);
                }

                foreach (var (name, type) in FerryTasks.Entities)
                {
                    registry.AddEntity(name, type);
                }
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    Register(services, configuration);
                    // The rate-limit budget is an entity (the Durable extension enables entities by itself).
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.EnableEntitySupport = true);
                },
            });
        _taskHubService = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "fnhub",
            StorageAccountClientProvider = new StorageAccountClientProvider(Azurite.ConnectionString),
            PartitionCount = 4,
            UseSeparateQueueForEntityWorkItems = true,
        });
        TaskHub = new TaskHubClient("functions-tests", _taskHubService, JsonDataConverter.Default, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await Durable.DisposeAsync();
        _taskHubService.Dispose();
        await Node.DisposeAsync();
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>What the Function App's Program.cs registers (its hosted services aside).</summary>
    private static IServiceCollection Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddFerryStorage();
        services.AddFerryOrchestration();
        services.AddFerryManagementApi();
        return services;
    }
}
