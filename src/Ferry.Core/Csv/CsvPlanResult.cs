using Ferry.Core.Jobs;

namespace Ferry.Core.Csv;

/// <summary>A plan, or the job-level failure that stops the job before any call to Okta.</summary>
public sealed record CsvPlanResult(CsvPlan? Plan, JobFailure? Failure)
{
    public static CsvPlanResult Success(CsvPlan plan) => new(plan, null);

    public static CsvPlanResult Fail(string code, string message) => new(null, new JobFailure(code, message));
}
