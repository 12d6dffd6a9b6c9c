namespace Ferry.Core.Csv;

/// <summary>Where one record is: in the file, and in the UTF-8 stream that CsvHelper reads.</summary>
/// <param name="OutStart">Offset of the record's first byte in the stream CsvHelper reads (its <c>ByteOffset</c>).</param>
/// <param name="FileStart">Absolute offset in the file of the record's first byte.</param>
/// <param name="FileEnd">Absolute offset in the file just past the record's line break (or the end of the file).</param>
/// <param name="StartLine">Line breaks before the record, counted from where reading started.</param>
/// <param name="Truncated">The record was longer than the limit: CsvHelper got its start and a synthetic end.</param>
/// <param name="UnclosedQuote">The record runs to the end of the file inside a quoted field.</param>
internal readonly record struct CsvRecordSpan(
    long OutStart,
    long FileStart,
    long FileEnd,
    int StartLine,
    bool Truncated,
    bool UnclosedQuote);
