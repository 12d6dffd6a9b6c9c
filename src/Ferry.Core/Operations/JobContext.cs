using Ferry.Core.Jobs;

namespace Ferry.Core.Operations;

/// <summary>What a row processor needs to know about its job.</summary>
/// <param name="StartedAt">When the job first started (kept across restarts): a user Okta created after this, with the
/// row's profile, was created by this job — the test that makes a retried or resumed create idempotent.</param>
/// <param name="Groups">The groups phase's result.</param>
public sealed record JobContext(JobOptions Options, DateTimeOffset StartedAt, GroupResolution Groups)
{
    /// <summary>Clock difference tolerated between Ferry and Okta when comparing a user's <c>created</c> time with <see cref="StartedAt"/>.</summary>
    public static TimeSpan ClockSkewAllowance { get; } = TimeSpan.FromSeconds(30);
}
