using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// An import job as last seen: its status (pending, processing, completed, failed, expired — or <c>gone</c> when Auth0
/// no longer knows it), progress, Auth0's estimate of the time left, its totals once completed; or why it could not be read.
/// </summary>
public sealed record PollImportResult(string Status, int? PercentageDone, int? TimeLeftSeconds, Auth0JobSummary? Summary, ChunkFailure? Failure, IReadOnlyDictionary<string, BucketCalls> Calls)
{
    public const string Gone = "gone";

    public bool IsFinished => Status is Auth0Job.Completed or Auth0Job.FailedStatus or Auth0Job.Expired or Gone;
}
