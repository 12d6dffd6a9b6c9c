namespace Ferry.Server.Api;

/// <summary>Marks the Event Grid webhook: the one endpoint a webhook key opens, and where <c>code=</c> may be allowed.</summary>
public sealed class WebhookEndpoint;
