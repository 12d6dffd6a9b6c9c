// The storage account's Event Grid system topic: it publishes BlobCreated for every upload. The subscription that
// delivers the inbox's CSV uploads to the StartFromInbox blob trigger is app/inbox-subscription.bicep, deployed by the
// postdeploy hook once the Functions host has its blobs_extension key.
param name string
param location string
param tags object
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
