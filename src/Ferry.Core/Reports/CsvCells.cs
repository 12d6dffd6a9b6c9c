using System.Text;

namespace Ferry.Core.Reports;

/// <summary>
/// CSV cells that are safe to open in a spreadsheet: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab
/// or carriage return is prefixed with an apostrophe so it is shown as text and never run as a formula (OWASP's
/// CSV-injection advice); cells with commas, quotes or line breaks are quoted.
/// </summary>
public static class CsvCells
{
    public static void AppendRow(StringBuilder line, IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                line.Append(',');
            }

            first = false;
            Append(line, cell);
        }

        line.Append("\r\n");
    }

    public static string Neutralize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    private static void Append(StringBuilder line, string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return;
        }

        var safe = Neutralize(cell);
        if (safe.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(safe);
            return;
        }

        line.Append('"').Append(safe.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
