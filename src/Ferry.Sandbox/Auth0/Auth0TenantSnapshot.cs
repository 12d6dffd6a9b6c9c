namespace Ferry.Sandbox.Auth0;

/// <summary>The tenant's counters at one moment, for <c>GET /sandbox/auth0/stats</c>.</summary>
public sealed record Auth0TenantSnapshot(
    long ImportJobsCreated,
    long ImportJobsRejectedConcurrent,
    int MaxConcurrentImportJobs,
    int ActiveImportJobs,
    long CompletionEmails,
    long JobsCompleted,
    long JobsFailed,
    int Users,
    IReadOnlyDictionary<string, int> UsersByConnection);
