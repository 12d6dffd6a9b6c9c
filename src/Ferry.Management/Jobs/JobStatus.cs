using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Core.Reports;
using Ferry.Orchestration.Jobs;

namespace Ferry.Management.Jobs;

/// <summary>
/// A job as its owner sees it: Durable Task's instance, with the outcome of a job that ended itself as failed or
/// terminated shown as such, its live progress (the job's and its lanes' custom statuses added up), and its output.
/// </summary>
public sealed record JobStatus(
    string InstanceId,
    string RuntimeStatus,
    JobInput? Input,
    JobProgressView Progress,
    JobSummary? Summary,
    JobFailure? Failure,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    public bool IsFinished => JobRuntimeStatuses.IsFinished(RuntimeStatus);
}

/// <summary>The <c>customStatus</c> of the status payload: where the job is, how far, how fast, and the budget it draws on.</summary>
public sealed record JobProgressView(
    string Phase,
    int RowsTotal,
    int RowsDone,
    int RowsSucceeded,
    int RowsFailed,
    int RowsInvalid,
    double Percent,
    double? RowsPerMinute,
    double? EtaSeconds,
    string? Reason,
    IReadOnlyList<BudgetSnapshot> Budget)
{
    /// <summary>While the job waits for approval: the id of the dry run whose report is there to read.</summary>
    public string? DryRunId { get; init; }
}
