using System.Security.Cryptography;
using System.Text;
using Ferry.Server.Configuration;

namespace Ferry.Server.Api;

/// <summary>
/// The keys <c>Ferry:Api:Keys</c> and <c>Ferry:Api:WebhookKeys</c> hold, read from the configuration as it stands, and
/// what is wrong with them. A key is at least <see cref="MinimumLength"/> characters and not the sample's placeholder;
/// a problem names the configuration key that holds the key, never the key.
/// </summary>
public sealed class ApiKeySet
{
    public const string KeysName = $"{ApiOptions.SectionName}:Keys";
    public const string WebhookKeysName = $"{ApiOptions.SectionName}:WebhookKeys";

    /// <summary>The fewest characters of a key: 32 random characters are out of reach of guessing.</summary>
    public const int MinimumLength = 32;

    /// <summary>Placeholders local.settings.sample.json has shipped: a copied sample must not run with them.</summary>
    public static readonly IReadOnlySet<string> SampleKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "change-me-to-a-long-random-key",
        "replace-with-a-random-key-of-32-characters-or-more",
    };

    private ApiKeySet(IReadOnlyList<ConfiguredKey> keys, IReadOnlyList<string> problems)
    {
        Keys = keys;
        Problems = problems;
    }

    /// <summary>The valid keys; a key with a problem is left out.</summary>
    public IReadOnlyList<ConfiguredKey> Keys { get; }

    /// <summary>One sentence per key that breaks a rule, naming its configuration key.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static ApiKeySet Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new List<ConfiguredKey>();
        var problems = new List<string>();
        var apiKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, scope) in new[] { (KeysName, KeyScope.Api), (WebhookKeysName, KeyScope.Webhook) })
        {
            foreach (var (entryName, key) in ConfigurationList.Entries(configuration.GetSection(name)))
            {
                if (Problem(entryName, key, scope, apiKeys) is { } problem)
                {
                    problems.Add(problem);
                }
                else if (keys.All(k => k.Id != IdOf(key)))
                {
                    keys.Add(new ConfiguredKey(entryName, scope, SHA256.HashData(Encoding.UTF8.GetBytes(key)), IdOf(key)));
                }

                if (scope == KeyScope.Api)
                {
                    apiKeys.Add(key);
                }
            }
        }

        return new ApiKeySet(keys, problems);
    }

    /// <summary>A key's id: 16 hex digits of a SHA-256 of the key with a purpose of its own (not the digest compared with).</summary>
    public static string IdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ferry-key-id:" + key)))[..16];
    }

    private static string? Problem(string name, string key, KeyScope scope, HashSet<string> apiKeys)
    {
        if (SampleKeys.Contains(key))
        {
            return $"{name} is the sample's placeholder: set a random key of your own (e.g. openssl rand -base64 32).";
        }

        if (key.Length < MinimumLength)
        {
            return $"{name} is too short: a key needs at least {MinimumLength} characters (e.g. openssl rand -base64 32).";
        }

        return scope == KeyScope.Webhook && apiKeys.Contains(key)
            ? $"{name} is also one of {KeysName}: a webhook key must be a key of its own."
            : null;
    }
}
