using System.Collections;
using System.Reflection;
using DurableTask.AzureStorage;
using Ferry.Server.Durable;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Durable.Tests;

/// <summary>
/// The workaround for the Azure Storage provider's stale activity sessions, against the provider as pinned: its private
/// session map is where the workaround looks, and the provider's refusal log drops exactly that message's session.
/// </summary>
public sealed class StaleActivitySessionsTests
{
    [Fact]
    public void ThePinnedProvider_KeepsItsActivitySessionsWhereTheWorkaroundLooks() =>
        Assert.True(StaleActivitySessions.IsSupported, "DurableTask.AzureStorage changed: re-check StaleActivitySessions against its source");

    [Fact]
    public void TheProvidersRefusal_DropsThatMessagesSession_AndNothingElse()
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "stale",
            StorageAccountClientProvider = new StorageAccountClientProvider("UseDevelopmentStorage=true"),
        });
        var sessions = (IDictionary)typeof(AzureStorageOrchestrationService)
            .GetField("activeActivitySessions", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(service)!;
        sessions.Add("stuck-message", null);
        sessions.Add("running-message", null);
        var stale = new StaleActivitySessions(NullLogger<StaleActivitySessions>.Instance);
        stale.Attach(service);

        Assert.False(stale.OnProviderLog("Renewing the lease of partition ferry-control-00"));
        Assert.True(stale.OnProviderLog("Internal assert failure: Work item queue message with ID = stuck-message is being processed multiple times concurrently."));
        Assert.False(stale.OnProviderLog("Internal assert failure: Work item queue message with ID = stuck-message is being processed multiple times concurrently."));

        Assert.False(sessions.Contains("stuck-message"));
        Assert.True(sessions.Contains("running-message"));
        Assert.Equal(1, stale.Evicted);
    }
}
