using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// What a lane is given and keeps for its whole run: its job and phase, the org (the rate-limit entities' key), the
/// job's settings, which slices are its own (every <see cref="Lanes"/>-th of <see cref="Slices"/>, from <see cref="Lane"/>),
/// the calls a row of this kind needs per bucket, and — for the lane that writes them — the interim report to write.
/// </summary>
/// <param name="Slices">The slices the phase visits, in order (every slice; for a rerun only those holding its lines).</param>
/// <param name="Primary">The bucket every row of this phase calls first; a batch is sized to its slots.</param>
/// <param name="Rates">Requests per row per bucket to lease before the first batch (learned from each batch after).</param>
/// <param name="Interim">The interim report this lane writes every <see cref="JobSettings.InterimReportInterval"/>; null for the others.</param>
public sealed record LaneJob(
    string JobId,
    string Phase,
    string Org,
    JobSettings Settings,
    int Lane,
    int Lanes,
    IReadOnlyList<int> Slices,
    string Primary,
    IReadOnlyDictionary<string, double> Rates,
    ReportRequest? Interim)
{
    /// <summary>The rows the job processes in each of <see cref="Slices"/> (null: not known, a lane's input from before).</summary>
    public IReadOnlyList<int>? SliceRows { get; init; }

    /// <summary>Rows of the <paramref name="next"/>-th slice to process, when known.</summary>
    public int? RowsIn(int next) => SliceRows is { } rows && next < rows.Count ? rows[next] : null;

    /// <summary>A lane's instance id: <c>{job}:{phase}:{lane}</c> (a job id never holds a colon).</summary>
    public static string InstanceId(string jobId, string phase, int lane) => $"{jobId}:{phase}:{lane}";

    /// <summary>The prefix of the instance ids of every orchestration a job starts besides its own.</summary>
    public static string ChildPrefix(string jobId) => $"{jobId}:";
}
