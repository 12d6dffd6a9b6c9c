using Ferry.Core.RateLimiting;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// One pass over a batch for <see cref="RunBatchActivity"/>: which slice and batch, where it starts (null: the
/// slice's start), how many rows that call Okta it takes (invalid rows come along free) — on a retry pass, how many
/// of the rows worth another try after row <see cref="AfterRow"/> — which pass this is, the slots leased for it, and
/// when the lane scheduled it (its replay-safe clock; null in histories written before it was carried), which gives
/// the time the batch waited in the activity queue. Ids, offsets and counts only: rows never enter an orchestration's history.
/// </summary>
public sealed record BatchWork(
    string JobId,
    string Phase,
    int Slice,
    int Batch,
    BatchStart? Start,
    int Rows,
    int Pass,
    int? AfterRow,
    IReadOnlyList<BudgetGrant> Grants,
    DateTimeOffset? ScheduledAt = null);
