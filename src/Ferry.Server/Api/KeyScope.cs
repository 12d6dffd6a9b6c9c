namespace Ferry.Server.Api;

/// <summary>What a configured key opens.</summary>
public enum KeyScope
{
    /// <summary><c>Ferry:Api:Keys</c>: every endpoint and the dashboard.</summary>
    Api,

    /// <summary><c>Ferry:Api:WebhookKeys</c>: the Event Grid webhook only.</summary>
    Webhook,
}
