namespace Ferry.Server.Jobs;

/// <summary>Where a job is (the <c>phase</c> in customStatus).</summary>
public static class JobPhase
{
    public const string Planning = "planning";
    public const string Groups = "groups";
    public const string DryRun = "dry-run";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Rows = "rows";
    public const string Activation = "activation";
    public const string Reporting = "reporting";
    public const string Done = "done";
}
