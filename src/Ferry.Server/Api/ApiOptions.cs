namespace Ferry.Server.Api;

/// <summary>The management API's authentication (<c>Ferry:Api:*</c>), modelled on function keys.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Ferry:Api";

    /// <summary>
    /// Keys that open every endpoint, as the <c>x-ferry-key</c> header: a list (<c>Ferry:Api:Keys:0</c>) or one
    /// comma-separated string. At least 32 characters each (<see cref="ApiKeySet"/>); re-read when the configuration changes.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Keys that only deliver Event Grid events (<c>POST /api/events/blob-created</c>); same rules as <see cref="Keys"/>.</summary>
    public List<string> WebhookKeys { get; set; } = [];

    /// <summary>Accept a webhook key as the <c>code</c> query parameter on the webhook (Event Grid's URL), nowhere else.</summary>
    public bool AllowCodeOnWebhook { get; set; }

    /// <summary>No key needed. For the local demo only: logged as a warning at start.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Wrong keys one client address may present (API or dashboard sign-in) per <see cref="KeyFailureWindow"/> before it is answered 429.</summary>
    public int MaxKeyFailures { get; set; } = 5;

    /// <summary>The window <see cref="MaxKeyFailures"/> counts over.</summary>
    public TimeSpan KeyFailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}
