using CsvHelper;

namespace Ferry.Testing;

/// <summary>
/// A report read the ways a spreadsheet might read it: CsvHelper with each separator a locale may use (<c>, ; TAB |</c>),
/// honouring quotes (RFC 4180) and ignoring them (a naive split), cells trimmed of leading spaces and quotes as a
/// spreadsheet's import options may trim them. A cell that then starts with a formula character is one a spreadsheet
/// could run.
/// </summary>
public static class SpreadsheetCells
{
    /// <summary>What spreadsheets take as the start of a formula (OWASP), and the fullwidth forms.</summary>
    public const string FormulaStarts = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    public static IReadOnlyList<char> Separators { get; } = [',', ';', '\t', '|'];

    /// <summary>Every cell of <paramref name="csv"/>, read with <paramref name="separator"/>.</summary>
    public static List<string[]> Read(string csv, char separator, bool honourQuotes = true)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            Mode = honourQuotes ? CsvMode.Rfc4180 : CsvMode.NoEscape,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            DetectSeparatorHint = false,
        };
        using var reader = CsvReader.Create(new StringReader(csv), options, leaveOpen: false);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return records;
    }

    /// <summary>
    /// The cells of <paramref name="csv"/> a spreadsheet could run as a formula, each as "separator, mode: cell", read
    /// with every separator, with and without quotes.
    /// </summary>
    public static IReadOnlyList<string> Dangerous(string csv)
    {
        var found = new List<string>();
        foreach (var separator in Separators)
        {
            foreach (var quotes in new[] { true, false })
            {
                foreach (var cell in Read(csv, separator, quotes).SelectMany(r => r))
                {
                    if (StartsFormula(cell))
                    {
                        found.Add($"{Name(separator)}, {(quotes ? "quoted" : "naive")}: {cell}");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Whether a cell, trimmed of leading spaces and quotes, starts with a formula character.</summary>
    public static bool StartsFormula(string cell)
    {
        var trimmed = cell.AsSpan().TrimStart(" \"");
        return trimmed.Length > 0 && FormulaStarts.Contains(trimmed[0], StringComparison.Ordinal);
    }

    private static string Name(char separator) => separator == '\t' ? "TAB" : $"'{separator}'";
}
