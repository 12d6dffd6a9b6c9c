using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// What a pass over a batch did: the batch's rows and counts as stored (all of them, not only this pass's), where
/// the next batch starts (null: the slice is done), how many rows are worth another pass and whether some stopped
/// because the leased slots ran out; this execution's calls and its leases to give back. Counts only.
/// </summary>
/// <param name="Transient">Of the rows worth another pass, those that met an Okta failure (the others only lacked slots): a pass for them waits first.</param>
/// <param name="LastRow">The last row this pass tried (a retry round's next pass starts after it).</param>
/// <param name="LeftInRound">Rows worth another try after <see cref="LastRow"/>: the round's next pass takes them.</param>
/// <param name="Processed">Rows this execution sent to Okta (the base for calls per row).</param>
/// <param name="Fatal">A failure that ends the job (Okta refused Ferry's credentials or a scope); the batch was not stored.</param>
/// <param name="FatalCode">The job failure code of <paramref name="Fatal"/> (null: <c>okta-unauthorized</c>).</param>
public sealed record BatchResult(
    int Rows,
    BatchStart? Next,
    RowTally Tally,
    int Retryable,
    int Transient,
    int LastRow,
    int LeftInRound,
    IReadOnlyList<string> Spent,
    int Processed,
    IReadOnlyDictionary<string, BucketCalls> Calls,
    IReadOnlyList<BudgetUsage> Usage,
    string? Fatal = null,
    string? FatalCode = null)
{
    /// <summary>
    /// Rows of the slice after <see cref="Next"/> (an upper bound for a rerun, which takes only some): the lane asks
    /// for no more slots than they need, so a slice's last batch does not hold slots other lanes could use.
    /// </summary>
    public int? RowsLeft { get; init; }

    /// <summary>The job was stopped (suspended or terminated) while the pass ran: the rows it did not send wait for the next pass.</summary>
    public bool Stopped { get; init; }
}
