using Ferry.Core.Csv;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Storage;

/// <summary>
/// What every activity of a job needs to know and no orchestration history should hold, written once when the job
/// is planned: the plan (slices, header, duplicates, group names), the options, when the job started, the input and,
/// for a rerun, the lines it runs again; for an undo, the job it undoes. Never a row.
/// </summary>
public sealed record JobDocument(
    CsvPlan Plan,
    IReadOnlyDictionary<string, string> Options,
    DateTimeOffset StartedAt,
    BlobRef Input,
    IReadOnlySet<int>? Lines)
{
    /// <summary>The job an undo job undoes (its users are deleted only when they carry that job's mark).</summary>
    public string? UndoOf { get; init; }

    /// <summary>For a rerun of a job that stopped before it reached every row: the rows that job did, which this one skips.</summary>
    public RowRanges? Skip { get; init; }
}
