namespace Ferry.Core.Csv;

/// <summary>The mapped header line.</summary>
/// <param name="Columns">Every column, in file order.</param>
/// <param name="IgnoredHeaders">Headers present but not used by this job (reported in the summary).</param>
public sealed record CsvHeader(IReadOnlyList<CsvColumn> Columns, IReadOnlyList<string> IgnoredHeaders)
{
    public CsvColumn? ProfileColumn(string attribute) =>
        Columns.FirstOrDefault(c => c.Kind == FieldKind.Profile && string.Equals(c.Attribute, attribute, StringComparison.Ordinal));
}
