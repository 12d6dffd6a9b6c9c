using Ferry.Core.Jobs;

namespace Ferry.Core.Auth0;

/// <summary>A plan, or the whole-file failure that stops the job before anything is sent to Auth0.</summary>
public sealed record Auth0PlanResult(Auth0Plan? Plan, JobFailure? Failure)
{
    public static Auth0PlanResult Success(Auth0Plan plan) => new(plan, null);

    public static Auth0PlanResult Fail(string code, string message) => new(null, new JobFailure(code, message));
}
