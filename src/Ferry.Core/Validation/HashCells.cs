namespace Ferry.Core.Validation;

/// <summary>
/// The hash columns of one row as read (trimmed; null when empty). <see cref="ToString"/> never reveals them: the value
/// and the salt are credentials.
/// </summary>
public sealed record HashCells(
    string? Algorithm,
    string? Value,
    string? Salt,
    string? SaltOrder,
    string? WorkFactor,
    string? IterationCount,
    string? KeySize,
    string? DigestAlgorithm)
{
    /// <summary>Whether any hash column has a value: the row imports a hash.</summary>
    public bool Any =>
        Algorithm is not null || Value is not null || Salt is not null || SaltOrder is not null || WorkFactor is not null
        || IterationCount is not null || KeySize is not null || DigestAlgorithm is not null;

    public override string ToString() => $"{nameof(HashCells)} (redacted)";
}
