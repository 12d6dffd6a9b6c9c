namespace Ferry.Orchestration.Auth0;

/// <summary>Why a call about a chunk did not succeed: Ferry's row error code, Auth0's code and message (never a secret), and when to try again if it may be.</summary>
public sealed record ChunkFailure(string Code, string? Auth0Code, string Message, bool Retryable, bool Unauthorized, DateTimeOffset? RetryAt);
