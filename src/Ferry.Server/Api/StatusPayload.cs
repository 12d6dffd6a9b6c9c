using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Core.Reports;
using Ferry.Server.Jobs;

namespace Ferry.Server.Api;

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
    public static StatusPayload From(JobStatusView view, IReadOnlyList<BudgetSnapshot> budget, string reportsContainer)
    {
        ArgumentNullException.ThrowIfNull(view);
        var reports = $"{reportsContainer}/{view.InstanceId}";
        return new StatusPayload(
            view.Name,
            view.InstanceId,
            view.RuntimeStatus,
            new StatusInput(view.Input is { } b ? new StatusBlob(b.Container, b.Name, b.ETag, b.Snapshot, b.Length) : null, view.Options, view.RerunOf),
            new StatusCustom(
                view.Progress.Phase,
                view.Progress.RowsTotal,
                view.Progress.RowsDone,
                view.Progress.RowsSucceeded,
                view.Progress.RowsFailed,
                view.Progress.RowsInvalid,
                view.Progress.Percent,
                view.Progress.RowsPerMinute,
                view.Progress.EtaSeconds,
                view.Progress.StatusReason,
                budget.Select(b => new StatusBudget(b.Bucket, b.Limit, b.Remaining, b.Quota, b.InFlight, b.ConcurrencyCap)).ToList()),
            view.Summary is null && view.Failure is null
                ? null
                : new StatusOutput(view.Summary, view.Failure, new StatusReports($"{reports}/{ReportNames.Results}", $"{reports}/{ReportNames.Failed}", $"{reports}/{ReportNames.Summary}")),
            view.CreatedTime,
            view.LastUpdatedTime);
    }
}

public sealed record StatusInput(StatusBlob? Blob, IReadOnlyDictionary<string, string> Options, string? RerunOf);

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
    IReadOnlyList<StatusBudget> Budget);

public sealed record StatusBudget(string Bucket, int? Limit, int? Remaining, int Quota, int InFlight, int ConcurrencyCap);

public sealed record StatusOutput(JobSummary? Summary, JobFailure? Failure, StatusReports Reports);

public sealed record StatusReports(string Results, string Failed, string Summary);
