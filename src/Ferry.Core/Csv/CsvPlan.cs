using Ferry.Core.Jobs;

namespace Ferry.Core.Csv;

/// <summary>
/// What one streaming pass over a file learned, small enough to keep in a job's state for a million rows:
/// the format, the mapped header, counts, the rows that duplicate an earlier row (which no slice can see alone),
/// the distinct group names, and the slices.
/// </summary>
/// <param name="FileName">The file's name, for messages.</param>
/// <param name="DuplicateOf">Line of a row that repeats an earlier login or email → the earlier row's line.</param>
/// <param name="GroupNames">Distinct group names across valid rows, first spelling kept, in order of first appearance.</param>
/// <param name="FirstErrors">The first invalid rows' errors (at most 100), for a job that fails on invalid rows.</param>
public sealed record CsvPlan(
    string FileName,
    CsvFormat Format,
    CsvHeader Header,
    int RowCount,
    int InvalidRowCount,
    IReadOnlyDictionary<int, int> DuplicateOf,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<CsvSlice> Slices,
    IReadOnlyList<RowError> FirstErrors)
{
    /// <summary>
    /// The lines of <see cref="DuplicateOf"/> that repeat an earlier row's email rather than its login, so that a slice
    /// read words the error as the plan pass did ("same email" instead of "same login").
    /// </summary>
    public IReadOnlySet<int> DuplicateByEmail { get; init; } = new HashSet<int>();

    /// <summary>The job kind the rows were validated for (a slice read applies the same rules).</summary>
    public JobKind Kind { get; init; } = JobKind.Import;

    /// <summary>The record limit the plan pass used (<see cref="CsvPlanSettings.MaxRecordChars"/>); a slice read uses it too.</summary>
    public int MaxRecordChars { get; init; } = CsvPlanSettings.Default.MaxRecordChars;
}
