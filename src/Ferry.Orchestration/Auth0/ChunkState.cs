using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// A chunk's orchestration state, carried across <c>ContinueAsNew</c>: whether it holds a slot, how often it was
/// posted, when Auth0 created the first import job Ferry heard of (Auth0's clock), the Auth0 import job it follows (and how many polls so far, Auth0's last estimate), the
/// last failed job and why, and the calls made. Ids and counts only.
/// </summary>
public sealed record ChunkState(
    ChunkJob Job,
    bool HasSlot,
    int Posts,
    DateTimeOffset? FirstJobCreatedAt,
    string? ImportJob,
    DateTimeOffset? PostedAt,
    int Polls,
    int? TimeLeft,
    string? LastJob,
    ChunkFailure? LastFailure,
    IReadOnlyDictionary<string, BucketCalls> Calls)
{
    public static ChunkState Begin(ChunkJob job) => new(job, false, 0, null, null, null, 0, null, null, null, Jobs.CallCounts.Empty);
}
