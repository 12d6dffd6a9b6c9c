namespace Ferry.Orchestration.Rows;

/// <summary>Where a batch starts in the file: the byte offset of its first record, and that record's row and line numbers.</summary>
public sealed record BatchStart(long Byte, int Row, int Line);
