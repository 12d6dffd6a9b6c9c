using Ferry.Core.Okta;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;

namespace Ferry.Orchestration.Storage;

/// <summary>
/// What an outcome blob says about its batch (kept beside the outcomes, readable from a listing): the pass that wrote
/// it, where the batch starts and where the next begins, its counts and its calls to Okta.
/// </summary>
/// <param name="Pass">0 for the first pass; each retry pass over its failed rows rewrites it with the next number.</param>
/// <param name="Next">Where the next batch of the slice starts; null when the batch ended the slice.</param>
/// <param name="Retryable">Rows whose failure is worth another pass (Okta unavailable, throttled, the batch's slots used up).</param>
/// <param name="LastRow">The last row the pass tried.</param>
/// <param name="LeftInRound">Rows worth another try after <paramref name="LastRow"/> that the pass did not reach.</param>
public sealed record BatchRecord(
    int Pass,
    BatchStart Start,
    int Rows,
    BatchStart? Next,
    RowTally Tally,
    int Retryable,
    IReadOnlyDictionary<string, BucketCalls> Calls,
    int LastRow = 0,
    int LeftInRound = 0);
