// Ferry on Azure: one resource group holding the Function App (Flex Consumption), its storage account (Ferry's blobs
// and the Durable task hub), a Key Vault for the Okta token, monitoring, and the Event Grid system topic that
// announces inbox uploads. `azd up` provisions this file; docs/deploy.md walks through it.
//
// The Event Grid *subscription* that points the topic at the blob trigger is not here: its webhook URL needs the
// Functions host's `blobs_extension` system key, which only exists once the code is deployed and the host has
// started. infra/hooks/postdeploy.sh (.ps1) deploys infra/app/inbox-subscription.bicep after `azd deploy`.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds every resource name and is the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (Flex Consumption must be available there).')
@metadata({ azd: { type: 'location' } })
param location string

@description('The Okta org Ferry writes to, e.g. https://acme.okta.com (a preview org: https://acme.oktapreview.com).')
param oktaOrgUrl string

// The token's only destination is the Key Vault secret below: it is no app setting, no output, no tag.
@secure()
@description('Okta API token (SSWS). Written to the Key Vault secret okta-api-token; the app reads it by Key Vault reference.')
param oktaApiToken string

@minValue(1)
@maxValue(100)
@description('Share of each Okta rate-limit bucket Ferry may use per window, in per cent (Ferry:Budget:Share).')
param budgetSharePercent int = 50

@minValue(1)
@maxValue(1000)
@description('Most instances the Flex Consumption app scales out to.')
param maximumInstanceCount int = 40

@description('Object id of the person or pipeline running azd (azd sets AZURE_PRINCIPAL_ID): granted Storage Blob Data Contributor to drop CSV files into the inbox and read reports. Empty: no grant.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principal principalId is.')
param principalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-ferry-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-ferry-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    oktaApiToken: oktaApiToken
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    inboxContainerName: storage.outputs.inboxContainerName
    reportsContainerName: storage.outputs.reportsContainerName
    stateContainerName: storage.outputs.stateContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    oktaOrgUrl: oktaOrgUrl
    oktaApiTokenSecretUri: keyVault.outputs.oktaApiTokenSecretUri
    budgetShare: budgetSharePercent == 100 ? '1' : '0.${padLeft(string(budgetSharePercent), 2, '0')}'
    maximumInstanceCount: maximumInstanceCount
  }
  // The app's identity should hold its storage, Key Vault and monitoring roles before the site first starts.
  dependsOn: [roles]
}

module inboxTopic 'app/inbox-topic.bicep' = {
  name: 'inbox-topic'
  scope: rg
  params: {
    name: 'evgt-inbox-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

// Read by azd (AZURE_RESOURCE_GROUP, the service's app) and by the postdeploy hook; none of them is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_INBOX_SYSTEM_TOPIC_NAME string = inboxTopic.outputs.name
output FERRY_INBOX_CONTAINER string = storage.outputs.inboxContainerName
output FERRY_REPORTS_CONTAINER string = storage.outputs.reportsContainerName
