using Ferry.Core.Okta;

namespace Ferry.Server.Jobs;

/// <summary>A slice's progress in one phase, as its worker last reported it (kept in the job's state).</summary>
public sealed class SliceProgress
{
    public string Phase { get; set; } = JobPhase.Rows;

    public int Index { get; set; }

    public int RowCount { get; set; }

    public int RowsDone { get; set; }

    public bool Started { get; set; }

    public bool Done { get; set; }

    public DateTimeOffset? Heartbeat { get; set; }

    public TallyState Tally { get; set; } = new();

    public Dictionary<string, BucketCalls> Calls { get; set; } = [];
}
