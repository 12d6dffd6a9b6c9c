namespace Ferry.Core.Csv;

/// <summary>
/// A run of consecutive records that a worker can read on its own: a byte range of the file that starts and ends
/// on record boundaries, with the row and line numbers of its first record.
/// </summary>
public sealed record CsvSlice(int Index, long StartByte, long EndByte, int FirstRow, int FirstLine, int RowCount);
