namespace Ferry.Core.Auth0;

/// <summary>
/// What one streaming pass over an Auth0 input learned, small enough to keep in an orchestration's history: the format,
/// the CSV layout, counts, the first errors, the repeats (which no chunk can see alone) and the chunks as byte ranges.
/// Plain records with public properties: it round-trips through System.Text.Json.
/// </summary>
/// <param name="FileName">The file's name, for messages.</param>
/// <param name="Format">The detected format.</param>
/// <param name="Csv">The CSV layout; null for JSON and NDJSON.</param>
/// <param name="RowCount">Records in the file.</param>
/// <param name="InvalidCount">Records that are not sent (invalid, repeats, too large).</param>
/// <param name="FirstErrors">The first invalid records' errors as <c>file:line:column: message</c>.</param>
/// <param name="IgnoredColumns">CSV columns, or JSON properties, ignored because the job ignores unknown columns.</param>
/// <param name="Duplicates">Records that repeat an earlier valid record, by row.</param>
/// <param name="Chunks">The chunks, in file order; together they hold every record.</param>
public sealed record Auth0Plan(
    string FileName,
    Auth0InputFormat Format,
    Auth0CsvLayout? Csv,
    int RowCount,
    int InvalidCount,
    IReadOnlyList<string> FirstErrors,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<Auth0Duplicate> Duplicates,
    IReadOnlyList<Auth0Chunk> Chunks)
{
    /// <summary>Valid records: the users the chunks carry.</summary>
    public int UserCount => RowCount - InvalidCount;

    /// <summary>Unknown columns or properties were ignored rather than failing the file (the job's option, kept for chunk reads).</summary>
    public bool IgnoreUnknownColumns { get; init; }

    /// <summary>The record limit the plan pass used; chunk reads use it too.</summary>
    public int MaxRecordBytes { get; init; } = Auth0PlanSettings.Default.MaxRecordBytes;

    /// <summary>The chunk cap the plan pass used (a user larger alone is invalid); chunk reads use it too.</summary>
    public int MaxChunkBytes { get; init; } = Auth0PlanSettings.Default.MaxChunkBytes;

    /// <summary>
    /// What the file does not say that Auth0 will decide for it, one sentence each: valid users with no
    /// <c>email_verified</c> (Auth0 imports them unverified, and asks each to verify their address).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The job id the plan pass tagged every user with (<see cref="Auth0PlanSettings.OwnerTag"/>); chunk reads tag them the same.</summary>
    public string? OwnerTag { get; init; }
}
