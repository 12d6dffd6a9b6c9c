using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Ferry.Server.Api;

/// <summary>
/// The configured keys (<see cref="ApiKeySet"/>), re-read whenever the configuration reloads — a key removed stops
/// working at once, and so do the dashboard sessions made with it — and the check of a presented key: its SHA-256
/// digest against every key's, each with <see cref="CryptographicOperations.FixedTimeEquals"/>, all of them every time,
/// so neither the length nor the content of a key shows in the time taken.
/// </summary>
public sealed partial class ApiKeys : IDisposable
{
    public const string Header = "x-ferry-key";
    public const string Query = "code";

    private readonly IConfiguration _configuration;
    private readonly ILogger<ApiKeys> _logger;
    private readonly IDisposable _reload;
    private volatile ApiKeySet _set;

    public ApiKeys(IOptions<ApiOptions> options, IConfiguration configuration, ILogger<ApiKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configuration = configuration;
        _logger = logger;
        AllowAnonymous = options.Value.AllowAnonymous;
        AllowCodeOnWebhook = options.Value.AllowCodeOnWebhook;
        _set = ApiKeySet.Read(configuration);
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public bool AllowAnonymous { get; }

    /// <summary>Whether the webhook takes a webhook key as <c>code=</c> (<c>Ferry:Api:AllowCodeOnWebhook</c>).</summary>
    public bool AllowCodeOnWebhook { get; }

    /// <summary>The configured key <paramref name="presented"/> is, if any.</summary>
    public ConfiguredKey? Match(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        ConfiguredKey? match = null;
        foreach (var key in _set.Keys)
        {
            // Every key is compared, and digests are all 32 bytes: no early return on a length or a first match.
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match = key;
            }
        }

        return match;
    }

    /// <summary>The configured key with this id (<see cref="ApiKeySet.IdOf"/>), while it is configured.</summary>
    public ConfiguredKey? ById(string id) => _set.Keys.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal));

    public void Dispose() => _reload.Dispose();

    private void Reload()
    {
        var set = ApiKeySet.Read(_configuration);
        foreach (var problem in set.Problems)
        {
            LogKeyLeftOut(_logger, problem);
        }

        var before = _set.Keys.Select(k => k.Id).Order(StringComparer.Ordinal);
        if (!before.SequenceEqual(set.Keys.Select(k => k.Id).Order(StringComparer.Ordinal)))
        {
            LogKeysChanged(_logger, set.Keys.Count(k => k.Scope == KeyScope.Api), set.Keys.Count(k => k.Scope == KeyScope.Webhook));
        }

        _set = set;
    }

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "The configuration changed: " + ApiKeySet.KeysName + " now holds {ApiKeys} key(s), " + ApiKeySet.WebhookKeysName + " {WebhookKeys}; dashboard sessions of a key no longer there have ended")]
    private static partial void LogKeysChanged(ILogger logger, int apiKeys, int webhookKeys);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "A reloaded key is left out: {Problem}")]
    private static partial void LogKeyLeftOut(ILogger logger, string problem);
}
