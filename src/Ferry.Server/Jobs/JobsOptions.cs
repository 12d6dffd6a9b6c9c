using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Jobs;

/// <summary>How jobs run (<c>Ferry:Jobs:*</c>).</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Ferry:Jobs";

    /// <summary>Slices processed at once per job, across the cluster.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentSlices { get; set; } = 4;

    /// <summary>Rows in progress at once within a slice (the budget caps requests actually in flight).</summary>
    [Range(1, 256)]
    public int RowParallelism { get; set; } = 8;

    /// <summary>Rows per slice (the unit a worker grain owns).</summary>
    [Range(10, 1_000_000)]
    public int SliceRows { get; set; } = 2000;

    /// <summary>Rows per batch: a worker persists its outcomes after every batch.</summary>
    [Range(1, 100_000)]
    public int BatchRows { get; set; } = 100;

    /// <summary>How often every node looks for unfinished jobs to resume (after a crash, a restart or a lost node).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A running slice silent this long is started again (its worker may have been on a lost node).</summary>
    public TimeSpan SliceStallTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Extra passes over rows that failed transiently within a batch.</summary>
    [Range(0, 20)]
    public int RetryRounds { get; set; } = 3;

    /// <summary>Wait before the first extra pass; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a batch whose rows still fail transiently is held back and tried again before it is committed with those failures.</summary>
    [Range(1, 100)]
    public int MaxBatchAttempts { get; set; } = 6;

    /// <summary>How often reports with the progress so far are written while a job runs.</summary>
    public TimeSpan InterimReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Interim results.csv is written only while the job has at most this many rows (summary.json always).</summary>
    [Range(0, 10_000_000)]
    public int InterimResultsMaxRows { get; set; } = 100_000;
}
