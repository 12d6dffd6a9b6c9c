using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>The Function App's app settings against docs/configuration.md: what the app reads is set or has a documented default.</summary>
public sealed partial class AppSettingsTests(CompiledTemplates templates)
{
    /// <summary>Settings the platform reads that are no Ferry key (Application Insights' Entra ID auth).</summary>
    private static readonly string[] PlatformSettings = ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    private ArmResource Site => templates.Main.Single("Microsoft.Web/sites");

    private Dictionary<string, string> Settings =>
        (Site.At("properties.siteConfig.appSettings") as JsonArray ?? throw new Xunit.Sdk.XunitException("The site has no siteConfig.appSettings array"))
            .Select(s => ((string)s!["name"]!, (string)s["value"]!))
            .ToDictionary(s => s.Item1, s => s.Item2, StringComparer.Ordinal);

    [Fact]
    public void ConfigurationDoc_ParsesIntoTheFunctionAppsKeys()
    {
        // Guards the parser the other tests rely on: the tables were read and the exclusions understood.
        var all = ConfigurationDoc.AllKeys();
        var app = ConfigurationDoc.FunctionAppKeys().Select(k => k.Key).ToList();

        Assert.True(all.Count >= 40, $"only {all.Count} keys parsed from {ConfigurationDoc.Path}");
        Assert.Contains("Okta:OrgUrl", app);
        Assert.Contains("Ferry:Durable:TaskHub", app);
        Assert.Contains("Ferry:Jobs:BatchRows", app);
        Assert.DoesNotContain("Ferry:Durable:PartitionCount", app);
        Assert.DoesNotContain("Ferry:Inbox:PollInterval", app);
        Assert.DoesNotContain("Ferry:Api:Keys", app);
        Assert.DoesNotContain(ConfigurationDoc.WorkerRuntimeKey, app);
    }

    [Fact]
    public void AppSettings_SetOrDefaultEveryKeyTheFunctionAppReads()
    {
        var settings = Settings;

        var missing = ConfigurationDoc.FunctionAppKeys()
            .Where(k => !settings.ContainsKey(k.AppSettingName) && !k.HasDefault)
            .Select(k => $"{k.AppSettingName} (default: '{k.Default}')")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void AppSettings_SetEveryRequiredKey()
    {
        var required = ConfigurationDoc.FunctionAppKeys().Where(k => k.IsRequired).ToList();

        Assert.Contains(required, k => k.Key == "Okta:OrgUrl");
        Assert.Contains(required, k => k.Key == "Okta:ApiToken");
        Assert.All(required, k => Assert.True(Settings.ContainsKey(k.AppSettingName), $"{k.AppSettingName} is required and not set"));
    }

    [Fact]
    public void AppSettings_AreDocumentedKeysTheFunctionAppReads()
    {
        // A misspelt setting (Okta__OrgURL) or one only the self-host reads (Ferry__Inbox__PollInterval) is caught here.
        var readable = ConfigurationDoc.FunctionAppKeys().Select(k => k.AppSettingName).Concat(PlatformSettings).ToHashSet(StringComparer.Ordinal);

        var unknown = Settings.Keys.Where(name => !readable.Contains(name)).ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void AppSettings_SetEveryBindingExpressionOfTheFunctionApp()
    {
        // %Key% in host.json or a trigger attribute is resolved by the Functions host from app settings, with no
        // default: a missing one stops the function (or the Durable extension) from loading.
        var project = Repository.PathOf("src/Ferry.Functions");
        var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(project, f).Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .Append(Path.Combine(project, "host.json"))
            .Where(File.Exists);
        var expressions = files.SelectMany(f => BindingExpression().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        var unset = expressions.Where(key => !Settings.ContainsKey(key.Replace(":", "__", StringComparison.Ordinal))).ToList();

        Assert.Empty(unset);
    }

    [Theory]
    [InlineData("Ferry:Inbox:Container", "inboxContainerName")]
    [InlineData("Ferry:Reports:Container", "reportsContainerName")]
    [InlineData("Ferry:State:Container", "stateContainerName")]
    public void ContainerSettings_NameTheContainersStorageCreates_AtTheirDocumentedDefaults(string key, string output)
    {
        var documented = ConfigurationDoc.AllKeys().Single(k => k.Key == key);
        var storage = templates.Main.Module("storage");

        // The setting is the storage module's output, which is the container it creates, named as the doc's default.
        Assert.Equal($"[parameters('{output}')]", Settings[documented.AppSettingName]);
        Assert.Equal($"[reference(extensionResourceId(format('/subscriptions/{{0}}/resourceGroups/{{1}}', subscription().subscriptionId, format('rg-{{0}}', parameters('environmentName'))), 'Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.{output}.value]", Argument(Site.Template, output));
        var name = (string)ArmTemplate.At(storage.Outputs, $"{output}.value")!;
        Assert.Equal(documented.Default, $"`{name}`");
        Assert.Contains(storage.Resources, r => r.Name == $"[format('{{0}}/{{1}}/{{2}}', parameters('name'), 'default', '{name}')]");
    }

    [Fact]
    public void AppSettings_ConnectStorageWithTheUserAssignedIdentity_NoConnectionString()
    {
        var settings = Settings;
        var module = Site.Template;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        // The account is the one storage.bicep creates, the client id that of identity.bicep's identity.
        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Contains("'storage'", Argument(module, "storageAccountName"), StringComparison.Ordinal);
        Assert.Contains(".outputs.name.value", Argument(module, "storageAccountName"), StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("'identity'", Argument(module, "identityName"), StringComparison.Ordinal);
    }

    [Fact]
    public void OktaApiToken_IsAKeyVaultReferenceToOktaApiTokenSecret()
    {
        var value = Settings["Okta__ApiToken"];
        var module = Site.Template;

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('oktaApiTokenSecretUri'))]", value, StringComparison.Ordinal);
        // The URI is the keyvault module's output, which is the okta-api-token secret's URI.
        Assert.Contains("'keyvault'", Argument(module, "oktaApiTokenSecretUri"), StringComparison.Ordinal);
        Assert.Contains(".outputs.oktaApiTokenSecretUri.value", Argument(module, "oktaApiTokenSecretUri"), StringComparison.Ordinal);
        var keyVault = templates.Main.Module("keyvault");
        var uri = (string)ArmTemplate.At(keyVault.Outputs, "oktaApiTokenSecretUri.value")!;
        Assert.Contains("Microsoft.KeyVault/vaults/secrets", uri, StringComparison.Ordinal);
        Assert.Contains("'okta-api-token'", uri, StringComparison.Ordinal);
        Assert.Contains(".secretUri", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVaultReferences_ResolveWithTheSitesUserAssignedIdentity()
    {
        var identity = Site.StringAt("properties.keyVaultReferenceIdentity");
        var assigned = Assert.IsType<JsonObject>(Site.At("identity.userAssignedIdentities"));

        Assert.Equal("UserAssigned", Site.StringAt("identity.type"));
        Assert.StartsWith("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", identity, StringComparison.Ordinal);
        var key = Assert.Single(assigned).Key;
        Assert.Contains(identity.Trim('[', ']'), key, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsights_TakesTelemetryWithEntraIdOnly()
    {
        var settings = Settings;
        var component = templates.Main.Single("Microsoft.Insights/components");

        Assert.Contains(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.True((bool)component.At("properties.DisableLocalAuth")!);
    }

    [Fact]
    public void TaskHub_IsLettersAndDigits()
    {
        var hub = Settings["Ferry__Durable__TaskHub"];

        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
    }

    private static string Argument(ArmTemplate module, string parameter) =>
        module.ArgumentOf(parameter)?.ToString() ?? throw new Xunit.Sdk.XunitException($"{module} gets no {parameter}");

    [GeneratedRegex(@"%([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_]+)+|[A-Za-z_][A-Za-z0-9_]*)%")]
    private static partial Regex BindingExpression();
}
