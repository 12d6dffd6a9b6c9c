namespace Ferry.Orchestration.Jobs;

/// <summary>Where a job is (<c>customStatus.phase</c>; <c>phaseSeconds</c> in summary.json).</summary>
public static class JobPhases
{
    public const string Planning = "planning";
    public const string Groups = "groups";
    public const string DryRun = "dry-run";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Rows = "rows";
    public const string Terminating = "terminating";
    public const string Reporting = "reporting";
    public const string Done = "done";
}
