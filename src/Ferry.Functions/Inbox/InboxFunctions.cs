using Azure.Storage.Blobs;
using Ferry.Core.Security;
using Ferry.Management.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ferry.Functions.Inbox;

/// <summary>
/// A CSV dropped into the inbox starts its job: the Function App's equivalent of the self-host's inbox watcher, through
/// the same <see cref="JobStarter"/>, so the same blob version gets the same deterministic instance id in both hosts
/// (however often the event is delivered, one job). On the Flex Consumption plan a blob trigger must use the Event
/// Grid source: the subscription <c>infra/</c> creates delivers <c>BlobCreated</c> for the inbox. The blob client the
/// trigger hands over was built from the event's URL, where <c>..</c> has already been collapsed: only a client of the
/// inbox container whose name keeps <see cref="BlobNames"/>' rule starts anything; any other is left alone, logged.
/// </summary>
public sealed partial class InboxFunctions(IServiceProvider services, ILogger<InboxFunctions> logger)
{
    public const string Name = "StartFromInbox";

    [Function(Name)]
    public async Task StartFromInboxAsync(
        [BlobTrigger("%Ferry:Inbox:Container%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var starter = new JobManagement(client, services).Starter;
        if (!string.Equals(blob.BlobContainerName, starter.InboxContainer, StringComparison.Ordinal))
        {
            LogRefused(logger, BlobNames.Printable($"{blob.BlobContainerName}/{blob.Name}"), BlobNames.Problems.LeftItsContainer.Rule);
            return;
        }

        if (BlobNames.Check(blob.Name) is { } problem)
        {
            LogRefused(logger, BlobNames.Printable(blob.Name), problem.Rule);
            return;
        }

        if (!JobStarter.IsJobFile(blob.Name))
        {
            return;
        }

        var started = await starter.StartFromInboxBlobAsync(blob.Name, cancellationToken);
        if (started is { } job)
        {
            LogStarted(logger, blob.Name, job.InstanceId, job.Created);
        }
    }

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Inbox blob {Blob} left alone: not a name Ferry reads ({Rule})")]
    private static partial void LogRefused(ILogger logger, string blob, string rule);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Inbox blob {Blob}: job {InstanceId} (new: {Created})")]
    private static partial void LogStarted(ILogger logger, string blob, string instanceId, bool created);
}
