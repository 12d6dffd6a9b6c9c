// One account for everything Ferry keeps: its containers (the inbox, reports, job state), the Durable task hub's
// queues, tables and lease containers, and the Flex Consumption deployment package. No shared keys: every client,
// the Functions host, Ferry's own and Event Grid's system topic alike, uses Microsoft Entra ID.
param name string
param location string
param tags object
param deploymentContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

// Ferry's containers, named as the defaults of Ferry:Inbox:Container, Ferry:Reports:Container and
// Ferry:State:Container (docs/configuration.md). The app gets these names as those settings all the same: the blob
// trigger's path (%Ferry:Inbox:Container%) is resolved by the Functions host, which knows no default.
resource inbox 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobs
  name: 'ferry-inbox'
  properties: { publicAccess: 'None' }
}

resource reports 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobs
  name: 'ferry-reports'
  properties: { publicAccess: 'None' }
}

resource state 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobs
  name: 'ferry-state'
  properties: { publicAccess: 'None' }
}

// Flex Consumption runs the package azd uploads here.
resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobs
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

output name string = storage.name
output id string = storage.id
output inboxContainerName string = inbox.name
output reportsContainerName string = reports.name
output stateContainerName string = state.name
output deploymentContainerName string = deployment.name
