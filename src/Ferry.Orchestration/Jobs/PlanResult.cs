using Ferry.Core.Jobs;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// What planning found, in counts: a job-level failure, or the rows (all, invalid, to process), the slices the rows
/// phase visits (for a rerun only those holding its lines), the distinct group names, the org the job works on (the
/// rate-limit entities' key) and the settings the job keeps. An Auth0 job's slices are its chunks, with its tenant and
/// connection and its Auth0 settings. An undo job also counts the groups it considers deleting after its users.
/// </summary>
public sealed record PlanResult(
    JobFailure? Failure,
    int Rows,
    int Invalid,
    int RowsTotal,
    IReadOnlyList<int> Slices,
    int GroupNames,
    string Org,
    JobSettings Settings,
    Auth0.Auth0Target? Auth0 = null,
    Auth0.Auth0Settings? Auth0Settings = null,
    IReadOnlyList<Auth0.ChunkCounts>? Auth0Chunks = null,
    int UndoGroups = 0)
{
    /// <summary>The rows the job processes in each of <see cref="Slices"/> (null from a plan made before they were counted).</summary>
    public IReadOnlyList<int>? SliceRows { get; init; }

    public static PlanResult Failed(JobFailure failure, string org, JobSettings settings) => new(failure, 0, 0, 0, [], 0, org, settings);
}
