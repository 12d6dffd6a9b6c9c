// The Function App: src/Ferry.Functions on a Flex Consumption plan (Linux, .NET 10 isolated worker), running as the
// user-assigned identity. App settings are the keys of docs/configuration.md's "The Function App" section, `:`
// written `__`; every key not set here has a documented default, and every %Key% binding expression of host.json
// and the functions is set (tests/Ferry.Infra.Tests checks all three).
param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param inboxContainerName string
param reportsContainerName string
param stateContainerName string
param applicationInsightsName string
param oktaOrgUrl string

@description('Key Vault URI of the okta-api-token secret (an address, not the token).')
param oktaApiTokenSecretUri string

@description('Ferry:Budget:Share, as a decimal between 0.01 and 1.')
param budgetShare string
param maximumInstanceCount int

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  // azd deploys the `functions` service of azure.yaml to the site carrying this tag.
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (Okta__ApiToken) are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Storage, identity-based: the Functions host, the Durable extension's task hub and Ferry's own blob
        // clients all read these (no connection string, no account key).
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // Telemetry with Entra ID auth (the component's local auth is off).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        // Okta. The token is a Key Vault reference, resolved by the platform; its value is never in this template.
        // A later provider's credentials (Auth0: domain, client id, a Key Vault reference for the client secret)
        // follow the same pattern.
        { name: 'Okta__OrgUrl', value: oktaOrgUrl }
        { name: 'Okta__ApiToken', value: '@Microsoft.KeyVault(SecretUri=${oktaApiTokenSecretUri})' }
        // host.json reads the task hub as %Ferry:Durable:TaskHub%: letters and digits, one per deployment.
        { name: 'Ferry__Durable__TaskHub', value: 'ferry' }
        { name: 'Ferry__Budget__Share', value: budgetShare }
        // The containers storage.bicep creates. The host resolves the blob trigger's %Ferry:Inbox:Container% from here.
        { name: 'Ferry__Inbox__Container', value: inboxContainerName }
        { name: 'Ferry__Reports__Container', value: reportsContainerName }
        { name: 'Ferry__State__Container', value: stateContainerName }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No basic (publishing profile) credentials: azd deploys with Entra ID tokens.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
