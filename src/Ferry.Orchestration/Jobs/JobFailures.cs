namespace Ferry.Orchestration.Jobs;

/// <summary>Job-level failure codes the orchestration adds to those of the CSV reader (docs/jobs.md).</summary>
public static class JobFailures
{
    public const string InvalidOptions = "invalid-options";
    public const string InvalidRows = "invalid-rows";
    public const string InputNotAllowed = "input-not-allowed";
    public const string OktaUnauthorized = "okta-unauthorized";
}
