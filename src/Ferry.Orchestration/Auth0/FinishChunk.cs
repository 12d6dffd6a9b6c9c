using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// Writes a chunk's outcomes: how they are found (<paramref name="End"/>), the import job whose errors to read, when
/// the chunk was first posted (a user created since then by a re-post's twin is this job's own), how many times it was
/// posted, Auth0's totals, why it failed when it did, and the calls made so far.
/// </summary>
public sealed record FinishChunk(
    string JobId,
    Auth0Target Target,
    int Chunk,
    ChunkEnd End,
    string? ImportJobId,
    DateTimeOffset? FirstPostAt,
    int Posts,
    Auth0JobSummary? Summary,
    ChunkFailure? Failure,
    IReadOnlyDictionary<string, BucketCalls> Calls);
