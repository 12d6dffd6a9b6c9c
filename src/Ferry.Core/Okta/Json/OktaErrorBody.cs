namespace Ferry.Core.Okta.Json;

/// <summary>Okta's <c>Error</c> schema.</summary>
public sealed record OktaErrorBody(string? ErrorCode, string? ErrorSummary, string? ErrorId, List<OktaErrorCause>? ErrorCauses);
