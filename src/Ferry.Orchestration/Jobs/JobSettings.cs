namespace Ferry.Orchestration.Jobs;

/// <summary>
/// <see cref="JobsOptions"/> as a job runs with them: read by the planning activity and kept in the orchestration's
/// history, so that a replay (or a node with other settings) decides the same way.
/// </summary>
public sealed record JobSettings(
    int Lanes,
    int BatchRows,
    int BatchesPerGeneration,
    int RetryRounds,
    TimeSpan RetryDelay,
    int MaxBatchAttempts,
    TimeSpan InterimReportInterval,
    int GroupBatch)
{
    public static JobSettings From(JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new JobSettings(
            options.MaxConcurrentSlices,
            options.BatchRows,
            options.BatchesPerGeneration,
            options.RetryRounds,
            options.RetryDelay,
            options.MaxBatchAttempts,
            options.InterimReportInterval,
            options.GroupBatch);
    }

    /// <summary>Passes over a batch for transient failures: the first, the retry rounds, the further attempts.</summary>
    public int MaxPasses => 1 + RetryRounds + MaxBatchAttempts;

    /// <summary>The wait before pass <paramref name="pass"/> (1-based extra passes): doubling from <see cref="RetryDelay"/>, at most a minute.</summary>
    public TimeSpan DelayBefore(int pass)
    {
        var delay = RetryDelay * Math.Pow(2, Math.Max(0, pass - 1));
        return delay > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delay;
    }
}
