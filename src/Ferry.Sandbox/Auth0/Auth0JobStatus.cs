namespace Ferry.Sandbox.Auth0;

/// <summary>An import job's status; written in lower case (<c>pending</c>, <c>processing</c>, …) as Auth0 does.</summary>
public enum Auth0JobStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
}
