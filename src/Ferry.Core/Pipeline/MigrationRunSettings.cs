using Ferry.Core.Csv;

namespace Ferry.Core.Pipeline;

/// <summary>Knobs of an in-process run.</summary>
/// <param name="Parallelism">Rows in progress at once; the budget decides how many requests are actually in flight.</param>
/// <param name="RetryRounds">Extra passes over rows that failed transiently (Okta down, still throttled).</param>
/// <param name="RetryRoundDelay">Wait before the first extra pass; doubled for each later one.</param>
public sealed record MigrationRunSettings(int Parallelism = 32, int RetryRounds = 3, TimeSpan? RetryRoundDelay = null, CsvPlanSettings? Csv = null)
{
    public TimeSpan FirstRetryDelay => RetryRoundDelay ?? TimeSpan.FromSeconds(5);
}
