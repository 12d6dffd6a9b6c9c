using System.Text;
using Ferry.Core.Csv;

namespace Ferry.Storage.Documents;

/// <summary>
/// A <see cref="CsvPlan"/> in a JSON-friendly form for the job's state: format, header, counts, duplicate lines,
/// group names and slices — never a row.
/// </summary>
public sealed class PlanState
{
    public string FileName { get; set; } = "";

    public int CodePage { get; set; }

    public int PreambleLength { get; set; }

    public char Delimiter { get; set; }

    public List<CsvColumn> Columns { get; set; } = [];

    public List<string> IgnoredHeaders { get; set; } = [];

    public int RowCount { get; set; }

    public int InvalidRowCount { get; set; }

    public Dictionary<int, int> DuplicateOf { get; set; } = [];

    public List<string> GroupNames { get; set; } = [];

    public List<CsvSlice> Slices { get; set; } = [];

    public List<RowError> FirstErrors { get; set; } = [];

    public List<int> DuplicateByEmail { get; set; } = [];

    public Ferry.Core.Jobs.JobKind Kind { get; set; }

    public int MaxRecordChars { get; set; } = CsvPlanSettings.Default.MaxRecordChars;

    public static PlanState From(CsvPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanState
        {
            FileName = plan.FileName,
            CodePage = plan.Format.Encoding.CodePage,
            PreambleLength = plan.Format.PreambleLength,
            Delimiter = plan.Format.Delimiter,
            Columns = [.. plan.Header.Columns],
            IgnoredHeaders = [.. plan.Header.IgnoredHeaders],
            RowCount = plan.RowCount,
            InvalidRowCount = plan.InvalidRowCount,
            DuplicateOf = new Dictionary<int, int>(plan.DuplicateOf),
            GroupNames = [.. plan.GroupNames],
            Slices = [.. plan.Slices],
            FirstErrors = [.. plan.FirstErrors],
            DuplicateByEmail = [.. plan.DuplicateByEmail],
            Kind = plan.Kind,
            MaxRecordChars = plan.MaxRecordChars,
        };
    }

    public CsvPlan ToPlan() => new(
        FileName,
        new CsvFormat(EncodingFor(CodePage), PreambleLength, Delimiter),
        new CsvHeader(Columns, IgnoredHeaders),
        RowCount,
        InvalidRowCount,
        DuplicateOf,
        GroupNames,
        Slices,
        FirstErrors)
    {
        DuplicateByEmail = DuplicateByEmail.ToHashSet(),
        Kind = Kind,
        MaxRecordChars = MaxRecordChars,
    };

    private static Encoding EncodingFor(int codePage) => codePage switch
    {
        1200 => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        1201 => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };
}
