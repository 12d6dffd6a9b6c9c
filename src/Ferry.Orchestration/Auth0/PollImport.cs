namespace Ferry.Orchestration.Auth0;

/// <summary>Which Auth0 import job to look at.</summary>
public sealed record PollImport(string ImportJobId);
