namespace Ferry.Orchestration.Jobs;

/// <summary>How a job ended (<c>outcome</c> in summary.json), and the outcomes of interim reports.</summary>
public static class JobOutcomes
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Terminated = "terminated";
    public const string Running = "running";
    public const string AwaitingApproval = "awaiting-approval";
}
