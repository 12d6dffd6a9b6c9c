namespace Ferry.Core.Okta.Json;

public sealed record OktaErrorCause(string? ErrorSummary);
