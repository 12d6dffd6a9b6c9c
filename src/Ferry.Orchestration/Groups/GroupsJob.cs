using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Groups;

/// <summary>A groups phase: the job, the phase it resolves for (dry-run or rows), whether it may create, the org, the settings and how many names there are.</summary>
public sealed record GroupsJob(string JobId, string Phase, bool DryRun, string Org, JobSettings Settings, int Names)
{
    /// <summary>The groups orchestration's instance id: <c>{job}:groups:{phase}</c>.</summary>
    public static string InstanceId(string jobId, string phase) => $"{jobId}:groups:{phase}";
}
