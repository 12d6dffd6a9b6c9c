namespace Ferry.Core.Security;

/// <summary>
/// The one rule for a job id, wherever one comes from (a URL, the dashboard, a job's own activities): 1 to
/// <see cref="MaxLength"/> ASCII letters, digits, <c>-</c> and <c>_</c>. Job ids become blob paths
/// (<c>ferry-reports/{id}/…</c>, <c>ferry-state/jobs/{id}/…</c>), so nothing else may pass; and the instances a job
/// starts for its parts (<c>{job}:groups:{phase}</c>, <c>{job}:{phase}:{lane}</c>, <c>{job}:rows:{chunk}</c>) and
/// entities (<c>@…@…</c>) hold <c>:</c> or <c>@</c>, so none of them can be addressed as a job.
/// </summary>
public static class JobIds
{
    public const int MaxLength = 100;

    public static NameProblem Invalid { get; } = new(
        "job-id",
        $"A job id is 1 to {MaxLength} ASCII letters, digits, '-' and '_' (the ids of a job's parts, with ':', are not jobs).");

    /// <summary>Null when <paramref name="id"/> is a job id; else the rule it breaks.</summary>
    public static NameProblem? Check(string? id) => IsValid(id) ? null : Invalid;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
