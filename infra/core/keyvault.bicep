// The vault for Ferry's credentials. Access is by Azure RBAC only (no access policies); the app's identity gets
// Key Vault Secrets User (app/roles.bicep) and reads the secret through a Key Vault reference app setting.
// Later identity providers' credentials (e.g. Auth0's client secret as `auth0-client-secret`) go here the same way:
// a @secure() parameter of main.bicep, a secret below, a Key Vault reference in app/function-app.bicep.
param name string
param location string
param tags object

@secure()
@description('The Okta API token; stored as the secret okta-api-token and nowhere else.')
param oktaApiToken string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    accessPolicies: []
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource oktaApiTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'okta-api-token'
  properties: {
    value: oktaApiToken
    contentType: 'Okta API token (SSWS)'
  }
}

output name string = vault.name
// The secret's address (no version: the app follows the latest version), never its value.
output oktaApiTokenSecretUri string = oktaApiTokenSecret.properties.secretUri
