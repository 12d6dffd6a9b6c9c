namespace Ferry.Core.Csv;

/// <summary>The codes of the job-level failures a CSV file can cause (<see cref="Jobs.JobFailure.Code"/>).</summary>
public static class CsvFailureCodes
{
    /// <summary>The file has no bytes.</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The file has only empty or blank lines.</summary>
    public const string NoHeader = "no-header";

    /// <summary>The file is another format (a ZIP such as an .xlsx workbook, an old .xls, a PDF, gzip).</summary>
    public const string NotCsv = "not-csv";

    /// <summary>The start of the file has NUL bytes or many control characters.</summary>
    public const string BinaryFile = "binary-file";

    /// <summary>The header has more columns than allowed.</summary>
    public const string TooManyColumns = "too-many-columns";

    /// <summary>The header line is longer than a record may be.</summary>
    public const string HeaderTooLong = "header-too-long";

    /// <summary>The header line has malformed quoting.</summary>
    public const string MalformedHeader = "malformed-header";

    /// <summary>A header cell is empty.</summary>
    public const string EmptyHeader = "empty-header";

    /// <summary>Headers Ferry does not recognise (and the options do not ignore).</summary>
    public const string UnknownColumns = "unknown-columns";

    /// <summary>Two headers map to the same field.</summary>
    public const string DuplicateColumns = "duplicate-columns";

    /// <summary>A column the job kind needs is missing.</summary>
    public const string MissingColumn = "missing-column";

    /// <summary>The header is followed by no data row.</summary>
    public const string NoRows = "no-rows";

    /// <summary>The valid rows name more distinct groups than allowed.</summary>
    public const string TooManyGroups = "too-many-groups";
}
