// The Event Grid subscription that starts a job for every CSV uploaded to the inbox: the storage account's system
// topic (app/inbox-topic.bicep) delivers BlobCreated events to the StartFromInbox blob trigger (Source = EventGrid)
// through the Functions host's blob extension webhook.
//
// Deployed by infra/hooks/postdeploy.sh (.ps1) with `az deployment group create`, not by `azd provision`: the
// webhook URL carries the host's `blobs_extension` system key, which exists only once the code is deployed and the
// host has started. The key is read here, inside the deployment, and goes only into the subscription's endpoint:
// this template has no outputs, and the hook never sees the key.
@description('The Function App (AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('The storage account\'s Event Grid system topic (AZURE_INBOX_SYSTEM_TOPIC_NAME).')
param systemTopicName string

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

var blobsExtensionKey = listKeys('${site.id}/host/default', '2023-12-01').systemKeys.blobs_extension

resource inbox 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'ferry-inbox-to-functions'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.StartFromInbox&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    // Only the inbox container's CSV files (the subject filter is case-insensitive: .CSV too), as the inbox watcher of
    // the self-host picks them (docs/jobs.md).
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/ferry-inbox/'
      subjectEndsWith: '.csv'
      isSubjectCaseSensitive: false
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
