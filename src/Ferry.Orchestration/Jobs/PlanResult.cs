using Ferry.Core.Jobs;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// What planning found, in counts: a job-level failure, or the rows (all, invalid, to process), the slices the rows
/// phase visits (for a rerun only those holding its lines), the distinct group names, the org the job works on (the
/// rate-limit entities' key) and the settings the job keeps.
/// </summary>
public sealed record PlanResult(
    JobFailure? Failure,
    int Rows,
    int Invalid,
    int RowsTotal,
    IReadOnlyList<int> Slices,
    int GroupNames,
    string Org,
    JobSettings Settings)
{
    public static PlanResult Failed(JobFailure failure, string org, JobSettings settings) => new(failure, 0, 0, 0, [], 0, org, settings);
}
