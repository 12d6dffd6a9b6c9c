using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>The resources of main.bicep: storage, the Flex Consumption app, Key Vault, roles, the inbox's system topic.</summary>
public sealed partial class ResourcesTests(CompiledTemplates templates)
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";

    [Fact]
    public void Storage_AllowsNoSharedKeyNoPublicBlobsAndTls12Only()
    {
        var storage = templates.Main.Single(StorageAccountType);

        Assert.False((bool)storage.At("properties.allowSharedKeyAccess")!);
        Assert.False((bool)storage.At("properties.allowBlobPublicAccess")!);
        Assert.Equal("TLS1_2", storage.StringAt("properties.minimumTlsVersion"));
        Assert.True((bool)storage.At("properties.supportsHttpsTrafficOnly")!);
    }

    [Fact]
    public void Storage_HasFerrysContainersAtTheirDocumentedDefaults_AndTheDeploymentContainer()
    {
        var containers = templates.Main.OfType($"{StorageAccountType}/blobServices/containers").Select(c => c.Name).ToList();
        var defaults = ConfigurationDoc.AllKeys()
            .Where(k => k.Key is "Ferry:Inbox:Container" or "Ferry:Reports:Container" or "Ferry:State:Container")
            .Select(k => Regex.Match(k.Default, "`([^`]+)`").Groups[1].Value)
            .ToList();

        Assert.Equal(3, defaults.Count);
        Assert.Contains("ferry-inbox", defaults);
        Assert.All(defaults, name => Assert.Contains(containers, c => c.EndsWith($", '{name}')]", StringComparison.Ordinal)));
        Assert.Contains(containers, c => c.EndsWith(", parameters('deploymentContainerName'))]", StringComparison.Ordinal));
        Assert.All(templates.Main.OfType($"{StorageAccountType}/blobServices/containers"), c => Assert.Equal("None", c.StringAt("properties.publicAccess")));
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated10OnFlexConsumption()
    {
        var plan = templates.Main.Single("Microsoft.Web/serverfarms");
        var site = templates.Main.Single("Microsoft.Web/sites");

        Assert.Equal("FC1", plan.StringAt("sku.name"));
        Assert.Equal("FlexConsumption", plan.StringAt("sku.tier"));
        Assert.Equal("functionapp", plan.StringAt("kind"));
        Assert.True((bool)plan.At("properties.reserved")!);
        Assert.Equal("functionapp,linux", site.StringAt("kind"));
        Assert.Equal("dotnet-isolated", site.StringAt("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.StringAt("properties.functionAppConfig.runtime.version"));
        Assert.Equal(2048, (int)site.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB")!);
        Assert.Equal("[parameters('maximumInstanceCount')]", site.StringAt("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.Equal(40, (int)templates.Main.Parameters["maximumInstanceCount"]!["defaultValue"]!);
        Assert.True((bool)site.At("properties.httpsOnly")!);
    }

    [Fact]
    public void FunctionApp_DeploysFromItsBlobContainerWithTheUserAssignedIdentity()
    {
        var site = templates.Main.Single("Microsoft.Web/sites");

        Assert.Equal("blobContainer", site.StringAt("properties.functionAppConfig.deployment.storage.type"));
        Assert.EndsWith(".primaryEndpoints.blob, parameters('deploymentContainerName'))]", site.StringAt("properties.functionAppConfig.deployment.storage.value"), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", site.StringAt("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal(site.StringAt("properties.keyVaultReferenceIdentity"), site.StringAt("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"));
    }

    [Fact]
    public void FunctionApp_IsTaggedAsAzdServiceFunctions()
    {
        var site = templates.Main.Single("Microsoft.Web/sites");

        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', 'functions'))]", site.StringAt("tags"));
        Assert.Equal("[variables('tags')]", site.Template.ArgumentOf("tags")!.ToString());
    }

    [Fact]
    public void FunctionApp_AllowsNoBasicPublishingCredentials()
    {
        var policies = templates.Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool)p.At("properties.allow")!));
    }

    [Fact]
    public void KeyVault_UsesRbacOnly_WithSoftDelete_AndHoldsTheOktaTokenSecret()
    {
        var vault = templates.Main.Single("Microsoft.KeyVault/vaults");
        var secret = templates.Main.Single("Microsoft.KeyVault/vaults/secrets");

        Assert.True((bool)vault.At("properties.enableRbacAuthorization")!);
        Assert.Empty(Assert.IsType<JsonArray>(vault.At("properties.accessPolicies")));
        Assert.True((bool)vault.At("properties.enableSoftDelete")!);
        Assert.EndsWith(", 'okta-api-token')]", secret.Name, StringComparison.Ordinal);
        Assert.Equal("[parameters('oktaApiToken')]", secret.StringAt("properties.value"));
        Assert.Equal("securestring", (string)secret.Template.Parameters["oktaApiToken"]!["type"]!);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner", StorageAccountType)]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor", StorageAccountType)]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor", StorageAccountType)]
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Microsoft.KeyVault/vaults")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher", "Microsoft.Insights/components")]
    public void RoleAssignments_GiveTheAppsIdentityItsRole(string roleDefinitionId, string role, string scopeType)
    {
        var assignment = Assert.Single(
            templates.Main.OfType("Microsoft.Authorization/roleAssignments"),
            a => a.StringAt("properties.roleDefinitionId") == $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleDefinitionId}')]");

        Assert.Equal("[parameters('appPrincipalId')]", assignment.StringAt("properties.principalId"));
        Assert.Equal("ServicePrincipal", assignment.StringAt("properties.principalType"));
        Assert.StartsWith($"[resourceId('{scopeType}'", assignment.StringAt("scope"), StringComparison.Ordinal);
        // appPrincipalId is the user-assigned identity's principal id (identity.bicep's output).
        var principal = assignment.Template.ArgumentOf("appPrincipalId")!.ToString();
        Assert.Contains("'identity'", principal, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.principalId.value]", principal, StringComparison.Ordinal);
        Assert.NotEmpty(role);
    }

    [Fact]
    public void RoleAssignments_GiveTheDeployingPrincipalBlobDataContributor_WhenOneIsGiven()
    {
        var assignment = Assert.Single(
            templates.Main.OfType("Microsoft.Authorization/roleAssignments"),
            a => a.StringAt("properties.principalId") == "[parameters('userPrincipalId')]");

        // Storage Blob Data Contributor, on the storage account, only when principalId is not empty.
        Assert.Equal("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')]", assignment.StringAt("properties.roleDefinitionId"));
        Assert.StartsWith($"[resourceId('{StorageAccountType}'", assignment.StringAt("scope"), StringComparison.Ordinal);
        Assert.Equal("[not(empty(parameters('userPrincipalId')))]", assignment.StringAt("condition"));
        Assert.Equal("[parameters('principalId')]", assignment.Template.ArgumentOf("userPrincipalId")!.ToString());
        Assert.Equal("", (string)templates.Main.Parameters["principalId"]!["defaultValue"]!);
    }

    [Fact]
    public void InboxTopic_IsTheStorageAccountsSystemTopic()
    {
        var topic = templates.Main.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.StringAt("properties.topicType"));
        Assert.StartsWith($"[resourceId('{StorageAccountType}'", topic.StringAt("properties.source"), StringComparison.Ordinal);
        Assert.Contains("'storage'", topic.Template.ArgumentOf("storageAccountName")!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Main_CreatesItsResourceGroupAtSubscriptionScope()
    {
        var group = Assert.Single(templates.Main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups");

        Assert.Contains("subscriptionDeploymentTemplate.json", (string)templates.Main.Json["$schema"]!, StringComparison.Ordinal);
        Assert.Equal("[variables('tags')]", group.StringAt("tags"));
        Assert.Equal("[parameters('environmentName')]", templates.Main.Json["variables"]!["tags"]!["azd-env-name"]!.ToString());
        // Every module deploys into that group.
        Assert.All(
            templates.Main.Resources.Where(r => r.Type == ArmTemplate.DeploymentType),
            module => Assert.Equal(group.Name, module.StringAt("resourceGroup")));
    }
}
