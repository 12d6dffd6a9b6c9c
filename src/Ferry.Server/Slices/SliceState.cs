using Ferry.Core.Okta;
using Ferry.Server.Jobs;

namespace Ferry.Server.Slices;

/// <summary>A worker's persisted progress: how many batches of its slice are committed (their outcomes written).</summary>
public sealed class SliceState
{
    public int BatchesDone { get; set; }

    public int RowsDone { get; set; }

    public bool Done { get; set; }

    public TallyState Tally { get; set; } = new();

    public Dictionary<string, BucketCalls> Calls { get; set; } = [];
}
