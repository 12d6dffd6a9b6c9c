using System.Globalization;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Core.Reports;
using Ferry.Server.Storage;

namespace Ferry.Server.Jobs;

/// <summary>
/// The job grain's persisted state: input, options, status, phase, plan, groups, per-slice progress, counters and
/// timestamps. Small for any file size (no rows, no outcomes: those live in outcome blobs); never a secret.
/// </summary>
public sealed class JobState : IIndexedState
{
    public string? InstanceId { get; set; }

    public string Name { get; set; } = "";

    public BlobRef? Input { get; set; }

    public Dictionary<string, string> Options { get; set; } = [];

    public string RuntimeStatus { get; set; } = JobRuntimeStatus.Pending;

    public string Phase { get; set; } = JobPhase.Planning;

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset LastUpdatedTime { get; set; }

    public DateTimeOffset? StartedTime { get; set; }

    public DateTimeOffset? CompletedTime { get; set; }

    public DateTimeOffset? RowsPhaseStarted { get; set; }

    public JobFailure? Failure { get; set; }

    public string? StatusReason { get; set; }

    public PlanState? Plan { get; set; }

    /// <summary>Rows this job processes: the plan's rows, or the rerun's lines.</summary>
    public int RowsTotal { get; set; }

    /// <summary>Fixed when the job is planned, so every phase batches a slice the same way.</summary>
    public int BatchRows { get; set; }

    public List<ResolvedGroup>? Groups { get; set; }

    public bool GroupsForReal { get; set; }

    public bool Approved { get; set; }

    public List<SliceProgress> Slices { get; set; } = [];

    public Dictionary<string, BucketCalls> CallsBeforeSlices { get; set; } = [];

    public string? RerunOf { get; set; }

    public string? LinesBlob { get; set; }

    public JobSummary? Summary { get; set; }

    public DateTimeOffset? InterimReportAt { get; set; }

    /// <summary>When the current phase began (null before the job runs).</summary>
    public DateTimeOffset? PhaseStartedAt { get; set; }

    /// <summary>Seconds spent in each finished phase (a phase entered twice adds up).</summary>
    public Dictionary<string, double> PhaseSeconds { get; set; } = [];

    public JobOptions JobOptions() => Core.Jobs.JobOptions.Parse(Options!, strict: false).Options ?? new JobOptions();

    public IDictionary<string, string> IndexMetadata() => new Dictionary<string, string>
    {
        ["instanceid"] = InstanceId ?? "",
        ["runtimestatus"] = RuntimeStatus,
        ["createdtime"] = CreatedTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["lastupdatedtime"] = LastUpdatedTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["name"] = Uri.EscapeDataString(Name),
    };
}
