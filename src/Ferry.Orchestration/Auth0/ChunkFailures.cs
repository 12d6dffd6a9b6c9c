using Ferry.Core.Auth0Api;
using Ferry.Core.Outcomes;

namespace Ferry.Orchestration.Auth0;

/// <summary>An Auth0 call's failure as a chunk sees it.</summary>
internal static class ChunkFailures
{
    public static ChunkFailure Of(Auth0Failure failure) => new(
        failure.IsRetryable ? RowErrorCodes.Auth0Unavailable : RowErrorCodes.Auth0Rejected,
        failure.ErrorCode,
        failure.Message,
        failure.IsRetryable,
        failure.Kind == Auth0FailureKind.Unauthorized,
        failure.RetryAt);
}
