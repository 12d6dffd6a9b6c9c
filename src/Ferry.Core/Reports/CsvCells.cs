using System.Buffers;
using System.Text;

namespace Ferry.Core.Reports;

/// <summary>
/// Ferry's one CSV writer (docs/reports.md, "Spreadsheet safety"). Report cells (<see cref="AppendRow"/>) are safe in a
/// spreadsheet whatever separator and locale it reads them with (OWASP's CSV-injection advice, extended to every
/// place a reader may start a cell): at the start of a cell and right after each character a reader may take for a
/// separator (<c>, ; | " TAB CR LF</c>), after any spaces, where the text goes on with zero or more apostrophes and
/// then a formula character (<c>= + - @ TAB CR</c> or the fullwidth <c>＝ ＋ － ＠</c>), one apostrophe is
/// inserted; such a cell is always quoted. <see cref="Restore"/> undoes it exactly. Ferry's own input files, read back
/// only by Ferry, use <see cref="AppendInputRow"/>: the same quoting, values unchanged.
/// </summary>
public static class CsvCells
{
    /// <summary>The character inserted before a formula character.</summary>
    public const char Guard = '\'';

    /// <summary>Characters a spreadsheet takes as the start of a formula (OWASP), and their fullwidth forms.</summary>
    public const string FormulaStarts = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    /// <summary>Characters after which a reader may start a new cell: separators, the quote, line breaks.</summary>
    public const string Separators = ",;|\"\t\r\n";

    private static readonly SearchValues<char> FormulaStartValues = SearchValues.Create(FormulaStarts);
    private static readonly SearchValues<char> SeparatorValues = SearchValues.Create(Separators);

    /// <summary>Appends one report line: cells guarded against formulas, quoted where needed, CRLF.</summary>
    public static void AppendRow(StringBuilder line, IEnumerable<string?> cells) => Append(line, cells, guard: true);

    /// <summary>
    /// Appends one line of a file only Ferry reads back (an undo job's input): quoted where needed, values unchanged,
    /// so the logins it holds are the users' own. Never for a file a person downloads.
    /// </summary>
    public static void AppendInputRow(StringBuilder line, IEnumerable<string?> cells) => Append(line, cells, guard: false);

    /// <summary>
    /// The cell's text as a report holds it (before CSV quoting): <paramref name="value"/> with an apostrophe inserted
    /// wherever a formula could start, or <paramref name="value"/> itself when none could.
    /// </summary>
    public static string Neutralize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan();
        var insert = FirstGuardedBoundary(span, 0);
        if (insert < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 4);
        var copied = 0;
        while (insert >= 0)
        {
            text.Append(span[copied..insert]).Append(Guard);
            copied = insert;
            insert = FirstGuardedBoundary(span, NextBoundary(span, insert));
        }

        return text.Append(span[copied..]).ToString();
    }

    /// <summary>
    /// The original value of a report cell (after CSV unquoting): at the start and after each separator, after any
    /// spaces, one apostrophe is removed where one or more apostrophes are followed by a formula character. The exact
    /// inverse of <see cref="Neutralize"/>.
    /// </summary>
    public static string Restore(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var span = cell.AsSpan();
        var text = (StringBuilder?)null;
        var copied = 0;
        for (var boundary = 0; boundary >= 0 && boundary <= span.Length; boundary = NextBoundary(span, boundary))
        {
            var at = SkipSpaces(span, boundary);
            var run = at;
            while (run < span.Length && span[run] == Guard)
            {
                run++;
            }

            if (run > at && run < span.Length && FormulaStartValues.Contains(span[run]))
            {
                text ??= new StringBuilder(cell.Length);
                text.Append(span[copied..at]);
                copied = at + 1;
            }
        }

        return text is null ? cell : text.Append(span[copied..]).ToString();
    }

    /// <summary>Whether <paramref name="value"/> would be changed by <see cref="Neutralize"/>.</summary>
    public static bool NeedsGuard(ReadOnlySpan<char> value) => FirstGuardedBoundary(value, 0) >= 0;

    private static void Append(StringBuilder line, IEnumerable<string?> cells, bool guard)
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
            if (string.IsNullOrEmpty(cell))
            {
                continue;
            }

            var safe = guard ? Neutralize(cell) : cell;
            // Quoted when guarded (OWASP) or when it holds a character any reader may split on.
            if (ReferenceEquals(safe, cell) && safe.AsSpan().IndexOfAny(SeparatorValues) < 0)
            {
                line.Append(safe);
                continue;
            }

            line.Append('"').Append(safe.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        line.Append("\r\n");
    }

    /// <summary>
    /// From <paramref name="boundary"/> on, the first place (a boundary, past its spaces) where the text goes on with
    /// apostrophes and a formula character; -1 when there is none.
    /// </summary>
    private static int FirstGuardedBoundary(ReadOnlySpan<char> value, int boundary)
    {
        for (; boundary >= 0 && boundary <= value.Length; boundary = NextBoundary(value, boundary))
        {
            var at = SkipSpaces(value, boundary);
            var run = at;
            while (run < value.Length && value[run] == Guard)
            {
                run++;
            }

            if (run < value.Length && FormulaStartValues.Contains(value[run]))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>The position after the next separator at or after <paramref name="from"/>; -1 when there is none.</summary>
    private static int NextBoundary(ReadOnlySpan<char> value, int from)
    {
        var next = from < value.Length ? value[from..].IndexOfAny(SeparatorValues) : -1;
        return next < 0 ? -1 : from + next + 1;
    }

    private static int SkipSpaces(ReadOnlySpan<char> value, int at)
    {
        while (at < value.Length && value[at] == ' ')
        {
            at++;
        }

        return at;
    }
}
