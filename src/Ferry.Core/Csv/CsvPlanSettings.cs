namespace Ferry.Core.Csv;

/// <summary>Limits of the plan pass.</summary>
/// <param name="TargetSliceRows">Rows per slice (the last slice may have fewer).</param>
/// <param name="MaxDistinctGroups">Distinct group names across the valid rows before the job fails with <c>too-many-groups</c>.</param>
/// <param name="MaxColumns">Header columns before the job fails with <c>too-many-columns</c>.</param>
/// <param name="MaxRecordChars">
/// The longest record, counted in bytes of UTF-8 (characters, for ASCII text); a longer one is an invalid row
/// ("line is longer than 1 MB") and only this much of it is held in memory.
/// </param>
/// <param name="MaxFirstErrors">Row errors kept in <see cref="CsvPlan.FirstErrors"/>.</param>
public sealed record CsvPlanSettings(
    int TargetSliceRows = 2000,
    int MaxDistinctGroups = 100_000,
    int MaxColumns = 1000,
    int MaxRecordChars = 1_048_576,
    int MaxFirstErrors = 100)
{
    public static CsvPlanSettings Default { get; } = new();

    /// <summary>
    /// Called with every invalid row's error, in file order, however many (<see cref="MaxFirstErrors"/> limits only the
    /// plan's copy): for a validator that reports them all. A job leaves it null.
    /// </summary>
    public Action<RowError>? OnRowError { get; init; }
}
