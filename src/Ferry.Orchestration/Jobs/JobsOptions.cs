using System.ComponentModel.DataAnnotations;

namespace Ferry.Orchestration.Jobs;

/// <summary>How jobs run (<c>Ferry:Jobs:*</c>). Read once, when a job is planned; the job keeps them to its end.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Ferry:Jobs";

    /// <summary>Lanes per job: slices processed at once, across every node (each lane takes every n-th slice).</summary>
    [Range(1, 64)]
    public int MaxConcurrentSlices { get; set; } = 4;

    /// <summary>Rows in progress at once within a batch (the leased slots cap requests actually in flight).</summary>
    [Range(1, 256)]
    public int RowParallelism { get; set; } = 8;

    /// <summary>
    /// The most rows per slice (a byte range of the file; lanes take slices in turn). A file is cut into slices of equal
    /// size, as few as this allows, their number rounded up to a multiple of <see cref="MaxConcurrentSlices"/> when there
    /// are more slices than lanes: every lane gets the same work and they finish together.
    /// </summary>
    [Range(10, 1_000_000)]
    public int SliceRows { get; set; } = 3000;

    /// <summary>
    /// Most rows per batch: one activity call, one outcome blob, the unit redone after a crash. At Okta's pace a batch
    /// is much smaller — sized to the slots the budget leases ahead (<c>Ferry:Budget:LeaseAhead</c>) — so this bounds
    /// only fast orgs, where a batch's fixed costs (storage requests, messages) are spread over many rows.
    /// </summary>
    [Range(1, 100_000)]
    public int BatchRows { get; set; } = 3000;

    /// <summary>Batches a lane runs before it continues as new (keeps every orchestration's history short).</summary>
    [Range(1, 1000)]
    public int BatchesPerGeneration { get; set; } = 10;

    /// <summary>Extra passes over a batch's rows that failed transiently.</summary>
    [Range(0, 20)]
    public int RetryRounds { get; set; } = 3;

    /// <summary>Wait before the first extra pass; doubled for each later one, up to a minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Further passes while Okta is down, after the retry rounds, before the batch keeps those rows failed.</summary>
    [Range(1, 100)]
    public int MaxBatchAttempts { get; set; } = 6;

    /// <summary>How often reports with the progress so far are written while a job runs.</summary>
    public TimeSpan InterimReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Interim results.csv is written only while the job has at most this many rows (summary.json always).</summary>
    [Range(0, 10_000_000)]
    public int InterimResultsMaxRows { get; set; } = 100_000;

    /// <summary>Group names resolved per groups batch.</summary>
    [Range(1, 10_000)]
    public int GroupBatch { get; set; } = 200;

    /// <summary>
    /// Containers besides the inbox that a job may read its file from (a JSON start naming a blob), comma-separated;
    /// none by default. Never Ferry's own containers, nor those of the Functions host or the task hub.
    /// </summary>
    public string AllowedInputContainers { get; set; } = "";

    /// <summary><see cref="AllowedInputContainers"/> as a list.</summary>
    public IReadOnlyList<string> AllowedContainers() =>
        AllowedInputContainers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
