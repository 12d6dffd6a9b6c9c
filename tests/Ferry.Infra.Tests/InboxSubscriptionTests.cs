using System.Text.Json.Nodes;

namespace Ferry.Infra.Tests;

/// <summary>infra/app/inbox-subscription.bicep: BlobCreated events for the inbox's CSV files go to StartFromInbox's webhook.</summary>
public sealed class InboxSubscriptionTests(CompiledTemplates templates)
{
    private ArmResource Subscription => templates.Subscription.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    [Fact]
    public void Endpoint_IsTheBlobExtensionWebhookOfStartFromInbox_WithTheBlobsExtensionKey()
    {
        var url = Subscription.StringAt("properties.destination.properties.endpointUrl");

        Assert.Equal("WebHook", Subscription.StringAt("properties.destination.endpointType"));
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.StartFromInbox&code={1}', ", url, StringComparison.Ordinal);
        // {0}: the site's default host name; {1}: the host's blobs_extension system key.
        Assert.Contains("reference(resourceId('Microsoft.Web/sites', parameters('functionAppName')), '2024-11-01').defaultHostName", url, StringComparison.Ordinal);
        Assert.Contains("listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2023-12-01').systemKeys.blobs_extension", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_IsBlobCreatedOnTheInboxsCsvFiles()
    {
        var inbox = ConfigurationDoc.AllKeys().Single(k => k.Key == "Ferry:Inbox:Container").Default.Trim('`');
        var types = Assert.IsType<JsonArray>(Subscription.At("properties.filter.includedEventTypes"));

        Assert.Equal(["Microsoft.Storage.BlobCreated"], types.Select(t => (string)t!));
        Assert.Equal($"/blobServices/default/containers/{inbox}/", Subscription.StringAt("properties.filter.subjectBeginsWith"));
        Assert.Equal(".csv", Subscription.StringAt("properties.filter.subjectEndsWith"));
        Assert.Equal("ferry-inbox", inbox);
    }

    [Fact]
    public void Subscription_IsOnTheSystemTopicMainCreates()
    {
        var topicOutput = (string)ArmTemplate.At(templates.Main.Outputs, "AZURE_INBOX_SYSTEM_TOPIC_NAME.value")!;

        Assert.StartsWith("[format('{0}/{1}', parameters('systemTopicName'), ", Subscription.Name, StringComparison.Ordinal);
        Assert.Contains("'inbox-topic'", topicOutput, StringComparison.Ordinal);
        Assert.Equal("string", (string)templates.Subscription.Parameters["functionAppName"]!["type"]!);
    }

    [Fact]
    public void StartFromInbox_IsAnEventGridBlobTriggerOfFerryFunctions()
    {
        // The webhook names Host.Functions.StartFromInbox: the app must have that function, with the Event Grid source.
        // Skipped while src/Ferry.Functions declares no function at all (the app is being written alongside).
        var sources = Directory.EnumerateFiles(Repository.PathOf("src/Ferry.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        if (!sources.Any(s => s.Contains("[Function(", StringComparison.Ordinal)))
        {
            Assert.Skip("src/Ferry.Functions declares no [Function] yet");
        }

        var trigger = Assert.Single(sources, s => s.Contains("StartFromInbox", StringComparison.Ordinal) && s.Contains("BlobTrigger", StringComparison.Ordinal));
        Assert.Contains("BlobTriggerSource.EventGrid", trigger, StringComparison.Ordinal);
    }
}
