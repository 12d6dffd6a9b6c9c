using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>A post's answer: the import job's id, or why there is none; the calls made; when the chunk was first sent.</summary>
public sealed record PostChunkResult(string? ImportJobId, ChunkFailure? Failure, IReadOnlyDictionary<string, BucketCalls> Calls, DateTimeOffset FirstSentAt);
