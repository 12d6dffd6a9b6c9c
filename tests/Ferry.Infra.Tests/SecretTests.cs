using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>No secret is in the templates or their parameters, and the Okta token goes nowhere but the Key Vault secret.</summary>
public sealed partial class SecretTests(CompiledTemplates templates)
{
    private const string SubscriptionFile = "infra/app/inbox-subscription.bicep";

    private static readonly Regex[] SecretPatterns =
    [
        OktaToken(),
        new("AccountKey=", RegexOptions.IgnoreCase),
        new("SharedAccessSignature", RegexOptions.IgnoreCase),
        new(@"[?&]sig=[A-Za-z0-9%+/=]", RegexOptions.IgnoreCase),
        new(@"SSWS\s+[A-Za-z0-9]", RegexOptions.IgnoreCase),
        new(@"InstrumentationKey=[0-9a-f]{8}-", RegexOptions.IgnoreCase),
        new("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    ];

    [Fact]
    public void OktaApiToken_IsASecureParameterWithoutDefault()
    {
        var token = Assert.IsType<JsonObject>(templates.Main.Parameters["oktaApiToken"]);

        Assert.Equal("securestring", (string)token["type"]!);
        Assert.False(token.ContainsKey("defaultValue"));
    }

    [Fact]
    public void SecureParameters_HaveNoDefault_Anywhere()
    {
        var withDefault = SecureParameters()
            .Where(p => p.Template.Parameters[p.Name]!.AsObject().ContainsKey("defaultValue"))
            .Select(p => $"{p.Template}.{p.Name}")
            .ToList();

        Assert.NotEmpty(SecureParameters());
        Assert.Empty(withDefault);
    }

    [Fact]
    public void SecureParameters_FlowOnlyIntoModulesSecureParameters_AndTheKeyVaultSecret()
    {
        // Every place any template mentions a secure parameter: outputs, variables, app settings, tags would all fail here.
        var misplaced = new List<string>();
        foreach (var template in templates.Main.SelfAndModules)
        {
            var secure = SecureParameterNames(template);
            foreach (var (path, value) in OwnStrings(template))
            {
                foreach (var name in secure.Where(n => value.Contains($"parameters('{n}')", StringComparison.Ordinal)))
                {
                    if (!IsAllowedUse(template, path, value, name))
                    {
                        misplaced.Add($"{template}: {path} = {value}");
                    }
                }
            }
        }

        Assert.Empty(misplaced);
    }

    [Fact]
    public void Outputs_ReferenceNoSecureParameter_AndNoListFunction()
    {
        var leaks = templates.Main.SelfAndModules.Append(templates.Subscription)
            .SelectMany(t => ArmTemplate.Strings(t.Outputs).Select(s => (Template: t, s.Value)))
            .Where(o => SecureParameterNames(o.Template).Any(n => o.Value.Contains($"parameters('{n}')", StringComparison.Ordinal))
                || ListFunction().IsMatch(o.Value))
            .Select(o => $"{o.Template}: {o.Value}")
            .ToList();

        Assert.Empty(leaks);
        Assert.Empty(templates.Subscription.Outputs);
    }

    [Fact]
    public void MainParameters_TakeEverySecureParameterFromAnEnvironmentVariable()
    {
        var parameters = JsonNode.Parse(Repository.Read("infra/main.parameters.json"))!["parameters"]!.AsObject();

        Assert.Equal("${OKTA_API_TOKEN}", (string)parameters["oktaApiToken"]!["value"]!);
        Assert.All(
            SecureParameterNames(templates.Main),
            name => Assert.Matches(@"^\$\{[A-Z][A-Z0-9_]*\}$", (string)parameters[name]!["value"]!));
    }

    [Fact]
    public void SecretPatterns_MatchWhatTheyLookFor()
    {
        // The scan below is only as good as its patterns: each must catch a made-up secret of its kind.
        var oktaToken = "00" + new string('x', 20) + new string('Y', 20);
        var made = new[]
        {
            $"token: {oktaToken}",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==",
            "BlobEndpoint=https://a/;SharedAccessSignature=sv=2024",
            "https://a/c?sv=2024-01-01&sig=abcd%2B",
            "Authorization: SSWS abcdef",
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint",
        };

        Assert.All(made, text => Assert.True(SecretLiteral(text) is not null, text));
        Assert.Null(SecretLiteral("okta-api-token @Microsoft.KeyVault(SecretUri=…) ${OKTA_API_TOKEN}"));
    }

    [Fact]
    public void InfraFilesAndCompiledTemplates_HoldNoSecretLiteral()
    {
        var texts = Repository.InfraFiles().Append("azure.yaml").Select(f => (Name: f, Text: Repository.Read(f)))
            .Concat(templates.Texts.Select(t => (Name: $"compiled {t.Name}", Text: t.Json)));

        var found = texts
            .Select(t => (t.Name, Match: SecretLiteral(t.Text)))
            .Where(t => t.Match is not null)
            .Select(t => $"{t.Name}: {t.Match}")
            .ToList();

        Assert.Empty(found);
    }

    [Fact]
    public void ListFunctions_AreUsedOnlyForTheBlobsExtensionKey_InTheSubscriptionTemplate()
    {
        var outside = Repository.InfraFiles()
            .Where(f => f != SubscriptionFile && ListFunction().IsMatch(Repository.Read(f)))
            .Concat(templates.Texts.Where(t => t.Name == "main.json" && ListFunction().IsMatch(t.Json)).Select(t => t.Name))
            .ToList();
        var uses = ListFunction().Matches(Repository.Read(SubscriptionFile)).ToList();
        var subscriptionText = Repository.Read(SubscriptionFile);

        Assert.Empty(outside);
        Assert.Single(uses);
        Assert.Matches(@"listKeys\([^\n]*/host/default'[^\n]*\)\.systemKeys\.blobs_extension", subscriptionText);
    }

    [Fact]
    public void Hooks_OnlyAskWhetherTheBlobsExtensionKeyExists()
    {
        // The hooks never read the key's value into the shell, so it cannot be printed or logged.
        foreach (var hook in new[] { "infra/hooks/postdeploy.sh", "infra/hooks/postdeploy.ps1" })
        {
            var lines = Repository.Read(hook).Split('\n').Where(l => l.Contains("systemKeys", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#')).ToList();

            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.Contains("'systemKeys.blobs_extension != `null`'", l, StringComparison.Ordinal));
        }
    }

    /// <summary>The first secret-looking literal in a text, or null.</summary>
    private static string? SecretLiteral(string text)
    {
        foreach (var pattern in SecretPatterns)
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                return match.Value;
            }
        }

        return null;
    }

    private static bool IsAllowedUse(ArmTemplate template, string path, string value, string name)
    {
        // Passed whole to a module's secure parameter: "resources[i].properties.parameters.X.value" = "[parameters('name')]".
        var module = Regex.Match(path, @"^resources\[(\d+)\]\.properties\.parameters\.(\w+)\.value$");
        if (module.Success && value == $"[parameters('{name}')]")
        {
            var deployment = template.Resources.ElementAt(int.Parse(module.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            var nested = template.Modules.SingleOrDefault(m => m.Deployment == deployment.Json);
            return nested is not null && SecureParameterNames(nested).Contains(module.Groups[2].Value);
        }

        // The Key Vault secret's value, and nothing else of it.
        var secret = Regex.Match(path, @"^resources\[(\d+)\]\.properties\.value$");
        return secret.Success
            && value == $"[parameters('{name}')]"
            && template.Resources.ElementAt(int.Parse(secret.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Type == "Microsoft.KeyVault/vaults/secrets";
    }

    /// <summary>The template's strings, without those of its nested templates (each is checked as a template of its own).</summary>
    private static IEnumerable<(string Path, string Value)> OwnStrings(ArmTemplate template)
    {
        var copy = template.Json.DeepClone().AsObject();
        if (copy["resources"] is JsonArray resources)
        {
            foreach (var resource in resources.OfType<JsonObject>())
            {
                if (resource["properties"] is JsonObject properties && properties.ContainsKey("template"))
                {
                    properties["template"] = null;
                }
            }
        }

        return ArmTemplate.Strings(copy).Where(s => !s.Path.EndsWith("#key", StringComparison.Ordinal) || s.Value.StartsWith('['));
    }

    private IEnumerable<(ArmTemplate Template, string Name)> SecureParameters() =>
        templates.Main.SelfAndModules.Append(templates.Subscription).SelectMany(t => SecureParameterNames(t).Select(n => (t, n)));

    private static IReadOnlyList<string> SecureParameterNames(ArmTemplate template) =>
        template.Parameters
            .Where(p => ((string?)p.Value?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
            .Select(p => p.Key)
            .ToList();

    // An Okta SSWS API token: 42 characters starting with 00.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])")]
    private static partial Regex OktaToken();

    // ARM's list* functions return keys and secrets (listKeys, listSecrets, listAccountSas, listConnectionStrings, ...).
    [GeneratedRegex(@"\blist(Keys|Secrets|AccountSas|ServiceSas|ConnectionStrings|Credentials?|AdminKeys|QueryKeys)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
