// The Function App's user-assigned identity: storage (AzureWebJobsStorage__clientId), Key Vault references
// (keyVaultReferenceIdentity), the Flex deployment container and Application Insights all use it.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output name string = identity.name
output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
