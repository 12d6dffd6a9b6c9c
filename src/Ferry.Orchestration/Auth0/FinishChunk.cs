using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// Writes a chunk's outcomes: how they are found (<paramref name="End"/>), the import job whose errors to read, when
/// Auth0 created the first import job of the chunk Ferry heard of (Auth0's clock: with <c>upsert</c>, a user of this
/// job created before it was updated, not inserted), how many times it was posted, Auth0's totals, why it failed when
/// it did, and the calls made so far.
/// </summary>
public sealed record FinishChunk(
    string JobId,
    Auth0Target Target,
    int Chunk,
    ChunkEnd End,
    string? ImportJobId,
    DateTimeOffset? FirstJobCreatedAt,
    int Posts,
    Auth0JobSummary? Summary,
    ChunkFailure? Failure,
    IReadOnlyDictionary<string, BucketCalls> Calls);
