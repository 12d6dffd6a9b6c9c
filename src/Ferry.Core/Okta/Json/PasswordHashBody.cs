namespace Ferry.Core.Okta.Json;

/// <summary>Okta's <c>PasswordCredentialHash</c>.</summary>
public sealed record PasswordHashBody(
    string Algorithm,
    string Value,
    string? Salt,
    string? SaltOrder,
    int? WorkFactor,
    int? IterationCount,
    int? KeySize,
    string? DigestAlgorithm);
