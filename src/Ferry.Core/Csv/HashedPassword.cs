namespace Ferry.Core.Csv;

/// <summary>An imported hash, sent as <c>credentials.password.hash</c> (Okta's <c>PasswordCredentialHash</c>).</summary>
public sealed record HashedPassword(
    string Algorithm,
    string Value,
    string? Salt,
    string? SaltOrder,
    int? WorkFactor,
    int? IterationCount,
    int? KeySize,
    string? DigestAlgorithm) : PasswordInput;
