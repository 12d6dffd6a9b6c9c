using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// A post's answer: the import job's id and when Auth0 created it (Auth0's own clock), or why there is none; the calls
/// made.
/// </summary>
public sealed record PostChunkResult(
    string? ImportJobId,
    DateTimeOffset? ImportJobCreatedAt,
    ChunkFailure? Failure,
    IReadOnlyDictionary<string, BucketCalls> Calls);
