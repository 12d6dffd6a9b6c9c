namespace Ferry.Core.Csv;

/// <summary>Limits of the plan pass.</summary>
/// <param name="TargetSliceRows">
/// The most rows per slice. Slices are of (nearly) equal size: the fewest of at most this many rows, their number
/// rounded up to a multiple of <paramref name="Lanes"/> when there are more slices than lanes.
/// </param>
/// <param name="MaxDistinctGroups">Distinct group names across the valid rows before the job fails with <c>too-many-groups</c>.</param>
/// <param name="MaxColumns">Header columns before the job fails with <c>too-many-columns</c>.</param>
/// <param name="MaxRecordChars">
/// The longest record, counted in bytes of UTF-8 (characters, for ASCII text); a longer one is an invalid row
/// ("line is longer than 1 MB") and only this much of it is held in memory.
/// </param>
/// <param name="MaxFirstErrors">Row errors kept in <see cref="CsvPlan.FirstErrors"/>.</param>
/// <param name="Lanes">Slices processed side by side (a job's lanes, each taking every n-th slice).</param>
public sealed record CsvPlanSettings(
    int TargetSliceRows = 3000,
    int MaxDistinctGroups = 100_000,
    int MaxColumns = 1000,
    int MaxRecordChars = 1_048_576,
    int MaxFirstErrors = 100,
    int Lanes = 1)
{
    public static CsvPlanSettings Default { get; } = new();

    /// <summary>
    /// Called with every invalid row's error, in file order, however many (<see cref="MaxFirstErrors"/> limits only the
    /// plan's copy): for a validator that reports them all. A job leaves it null.
    /// </summary>
    public Action<RowError>? OnRowError { get; init; }
}
