namespace Ferry.Orchestration.Auth0;

/// <summary>Which Auth0 import job to look at, for which Ferry job (null in histories written before it was carried: telemetry only).</summary>
public sealed record PollImport(string ImportJobId, string? JobId = null);
