namespace Ferry.Orchestration.Jobs;

/// <summary>Plan the job <paramref name="JobId"/> started at <paramref name="StartedAt"/> (the moment later creates are compared with).</summary>
public sealed record PlanRequest(string JobId, JobInput Job, DateTimeOffset StartedAt);
