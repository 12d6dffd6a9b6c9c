namespace Ferry.Core.Auth0Api;

/// <summary>An Auth0 users-import job as <c>GET /api/v2/jobs/{id}</c> shows it.</summary>
/// <param name="Status">pending, processing, completed, failed or expired.</param>
public sealed record Auth0Job(
    string Id,
    string Status,
    string? ConnectionId,
    string? ExternalId,
    DateTimeOffset? CreatedAt,
    int? PercentageDone,
    int? TimeLeftSeconds,
    Auth0JobSummary? Summary)
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string FailedStatus = "failed";
    public const string Expired = "expired";

    /// <summary>Whether Auth0 is done with the job (completed, failed or expired).</summary>
    public bool IsFinished => Status is Completed or FailedStatus or Expired;
}
