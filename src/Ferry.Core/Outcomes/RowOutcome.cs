namespace Ferry.Core.Outcomes;

/// <summary>
/// The result of one input row: a value, one per row, in the shape of a results.csv line. Never holds a password,
/// hash or token.
/// </summary>
/// <param name="Row">1-based data row number.</param>
/// <param name="Line">The file line the row starts on.</param>
/// <param name="Action">A <see cref="RowAction"/>.</param>
/// <param name="Status">The user's Okta status after the row, when known.</param>
/// <param name="Groups">Groups the row added the user to (names as written, or ids).</param>
/// <param name="ErrorCode">Okta's code (<c>E0000001</c>…) or one of <see cref="RowErrorCodes"/>; null when the row fully succeeded.</param>
/// <param name="Column">For invalid rows: the column at fault.</param>
/// <param name="Attempts">HTTP attempts the row took (retries and 429 resends included).</param>
/// <param name="Retryable">The error is transient: the row may succeed if tried again.</param>
public sealed record RowOutcome(
    int Row,
    int Line,
    string? Login,
    string? Email,
    string Action,
    string? Status,
    string? UserId,
    IReadOnlyList<string> Groups,
    string? ErrorCode,
    string? ErrorSummary,
    string? Column,
    int Attempts,
    bool Retryable = false)
{
    /// <summary>Whether the row belongs in failed.csv: invalid, failed, or done with an error (e.g. a group not added).</summary>
    public bool NeedsAttention => Action is RowAction.Invalid or RowAction.Failed || ErrorCode is not null;
}
