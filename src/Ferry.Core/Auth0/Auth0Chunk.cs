namespace Ferry.Core.Auth0;

/// <summary>
/// A run of consecutive input records that becomes one Auth0 import job: a byte range of the file that starts on its
/// first record and ends just past its last, which <see cref="Auth0JobReader.ReadChunkAsync"/> turns back into the
/// same payload at any time.
/// </summary>
/// <param name="Index">0-based position among the plan's chunks.</param>
/// <param name="StartByte">File offset of the first record's first byte.</param>
/// <param name="EndByte">File offset just past the last record (past its line break, for CSV).</param>
/// <param name="FirstRow">1-based number of the first record among the file's records.</param>
/// <param name="FirstLine">1-based file line the first record starts on.</param>
/// <param name="FirstColumn">1-based column (in characters) the first record starts at: 1 for CSV and NDJSON lines.</param>
/// <param name="Rows">Records in the range, invalid ones included.</param>
/// <param name="Users">Valid records: the users in the payload.</param>
/// <param name="PayloadBytes">Size of the payload, the compact JSON array of the valid users, in bytes.</param>
public sealed record Auth0Chunk(
    int Index,
    long StartByte,
    long EndByte,
    int FirstRow,
    int FirstLine,
    int FirstColumn,
    int Rows,
    int Users,
    int PayloadBytes);
