using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// A lane's input, carried from one generation to the next (it continues as new every few batches): where it is
/// (<see cref="Next"/>-th of its slices, batch number, start), what it has done so far, what it has learned about calls
/// per row, the leases it has yet to give back, and when it last wrote an interim report.
/// </summary>
public sealed record LaneState(
    LaneJob Job,
    int Next,
    int Batch,
    BatchStart? Start,
    RowTally Tally,
    IReadOnlyDictionary<string, BucketCalls> Calls,
    IReadOnlyDictionary<string, double> Rates,
    IReadOnlyList<BudgetUsage> Pending,
    IReadOnlyList<BudgetSnapshot> Budget,
    DateTimeOffset? InterimAt)
{
    public static LaneState Begin(LaneJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new LaneState(job, job.Lane, 0, null, RowTally.Empty, CallCounts.Empty, job.Rates, [], [], null);
    }

    /// <summary>Rows left in the slice from <see cref="Start"/>, when a batch of it has said so; null at a slice's start.</summary>
    public int? RowsLeft { get; init; }

    /// <summary>The slice this lane works on now (an index into the plan's slices), or null when it is done.</summary>
    public int? Slice => Next < Job.Slices.Count ? Job.Slices[Next] : null;
}
