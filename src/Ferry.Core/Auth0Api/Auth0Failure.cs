namespace Ferry.Core.Auth0Api;

/// <summary>An Auth0 call's failure: HTTP status, Auth0's <c>errorCode</c> and message (never a secret), and when to try again.</summary>
public sealed record Auth0Failure(Auth0FailureKind Kind, int? StatusCode, string? ErrorCode, string Message, DateTimeOffset? RetryAt = null)
{
    public bool IsRetryable => Kind is Auth0FailureKind.Transient or Auth0FailureKind.Throttled;
}
