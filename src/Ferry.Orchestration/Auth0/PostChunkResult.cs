using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>A post's answer: the import job's id, or why there is none; and the calls made.</summary>
public sealed record PostChunkResult(string? ImportJobId, ChunkFailure? Failure, IReadOnlyDictionary<string, BucketCalls> Calls);
