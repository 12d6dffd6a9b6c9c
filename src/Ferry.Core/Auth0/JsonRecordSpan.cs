namespace Ferry.Core.Auth0;

/// <summary>One top-level value found by <see cref="JsonRecordSplitter"/>.</summary>
/// <param name="StartByte">File offset of its first byte.</param>
/// <param name="EndByte">File offset just past its last byte.</param>
/// <param name="Line">1-based line of its first byte.</param>
/// <param name="Column">1-based column (characters) of its first byte.</param>
/// <param name="Bytes">Its bytes (valid until the next read); empty when <paramref name="Oversize"/>.</param>
/// <param name="Oversize">It is longer than the record limit; only its extent is known.</param>
/// <param name="Broken">
/// NDJSON only: the line ended (or the file did) before the value closed, or a bracket did not match; the value is
/// the rest of the line.
/// </param>
internal readonly record struct JsonRecordSpan(
    long StartByte,
    long EndByte,
    int Line,
    int Column,
    ReadOnlyMemory<byte> Bytes,
    bool Oversize,
    bool Broken);
