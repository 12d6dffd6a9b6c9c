using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Core.Reports;
using Ferry.Management.Jobs;
using Ferry.Orchestration.Storage;

namespace Ferry.Management.Api;

/// <summary>Durable Functions' instance status shape: <c>name, instanceId, runtimeStatus, input, customStatus, output, createdTime, lastUpdatedTime</c>.</summary>
public sealed record StatusPayload(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    StatusInput Input,
    StatusCustom CustomStatus,
    StatusOutput? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    public static StatusPayload From(JobStatus job, IJobReports reports)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reports);
        var progress = job.Progress;
        var blob = job.Input?.Blob;
        return new StatusPayload(
            blob?.Name ?? "",
            job.InstanceId,
            job.RuntimeStatus,
            new StatusInput(
                blob is null ? null : new StatusBlob(blob.Container, blob.Name, blob.ETag, blob.Snapshot, blob.Length),
                job.Input?.Options ?? new Dictionary<string, string>(),
                job.Input?.RerunOf,
                job.Input?.UndoOf),
            new StatusCustom(
                progress.Phase,
                progress.RowsTotal,
                progress.RowsDone,
                progress.RowsSucceeded,
                progress.RowsFailed,
                progress.RowsInvalid,
                progress.Percent,
                progress.RowsPerMinute,
                progress.EtaSeconds,
                progress.Reason,
                [.. progress.Budget.Select(StatusBudget.From)])
            {
                DryRunId = progress.DryRunId,
            },
            job.Summary is null && job.Failure is null
                ? null
                : new StatusOutput(
                    job.Summary,
                    job.Failure,
                    new StatusReports(reports.PathOf(job.InstanceId, ReportNames.Results), reports.PathOf(job.InstanceId, ReportNames.Failed), reports.PathOf(job.InstanceId, ReportNames.Summary))),
            job.CreatedTime,
            job.LastUpdatedTime);
    }
}

public sealed record StatusInput(StatusBlob? Blob, IReadOnlyDictionary<string, string> Options, string? RerunOf, string? UndoOf = null);

public sealed record StatusBlob(string Container, string Name, string ETag, string? Snapshot, long Length);

public sealed record StatusCustom(
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
    IReadOnlyList<StatusBudget> Budget)
{
    /// <summary>While the job waits for approval: the dry run an <c>approve</c> releases it for (absent otherwise).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DryRunId { get; init; }
}

/// <summary>
/// A rate-limit bucket as its entity stood at the job's last lease; the totals (<c>granted</c>, <c>throttled</c>, …) count
/// since the entity began. <see cref="SqueezedBy"/>: how much less than its share Ferry takes per window to leave other
/// apps what they used in the last one (<see cref="OthersPerWindow"/>).
/// </summary>
public sealed record StatusBudget(
    string Bucket,
    int? Limit,
    int? Remaining,
    int Quota,
    DateTimeOffset? WindowEnd,
    int InFlight,
    int ConcurrencyCap,
    long Granted,
    long Throttled,
    long ConcurrencyThrottled,
    long NoResponse,
    double? WindowSeconds,
    int? OthersPerWindow,
    int SqueezedBy)
{
    public static StatusBudget From(BudgetSnapshot b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new(
            b.Bucket,
            b.Limit,
            b.Remaining,
            b.Quota,
            b.WindowEnd,
            b.InFlight,
            b.ConcurrencyCap,
            b.Granted,
            b.Throttled,
            b.ConcurrencyThrottled,
            b.NoResponse,
            b.Window?.TotalSeconds,
            b.OthersPerWindow,
            b.SqueezedBy);
    }
}

public sealed record StatusOutput(JobSummary? Summary, JobFailure? Failure, StatusReports Reports);

public sealed record StatusReports(string Results, string Failed, string Summary);
