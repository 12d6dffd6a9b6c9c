namespace Ferry.Server.Dashboard;

/// <summary>
/// The first rows of a job's failed.csv and how many it holds (<c>Total</c> is null when the file is longer than the
/// part read and the job has no summary.json yet); <c>Found</c> is false while the report is not written yet.
/// </summary>
public sealed record FailedRows(bool Found, int? Total, IReadOnlyList<FailedRow> Rows);
