namespace Ferry.Orchestration.Jobs;

/// <summary>
/// The job orchestration's custom status: the phase, the rows to process, the counts of the phases' lanes that have
/// finished, when the current rows (or dry-run) phase began and with how many lanes, and the reason a job is being
/// terminated. While lanes run, each lane's own custom status holds its live counts: the status endpoint adds them.
/// While the job waits for approval, <see cref="DryRunId"/> names the dry run whose report is there to read: only an
/// <c>approve</c> event that carries it releases the job.
/// </summary>
/// <param name="LanePhase">The phase whose lanes hold the live counts (rows or dry-run), while they run.</param>
public sealed record JobProgress(
    string Phase,
    int RowsTotal,
    RowTally Done,
    DateTimeOffset? PhaseStartedAt,
    string? LanePhase,
    int Lanes,
    string? Reason)
{
    /// <summary>The id of the dry run awaiting approval (set only in the <c>awaiting-approval</c> phase).</summary>
    public string? DryRunId { get; init; }

    public static JobProgress Planning { get; } = new(JobPhases.Planning, 0, RowTally.Empty, null, null, 0, null);
}
