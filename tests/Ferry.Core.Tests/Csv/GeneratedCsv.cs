using System.Text;

namespace Ferry.Core.Tests.Csv;

/// <summary>
/// A random import file that knows what it holds: each row's physical line, login and first name, and where the header
/// ends. Files mix encodings, delimiters, line endings (LF, CR LF, lone CR), multi-byte text (accents, CJK, emoji),
/// quoted cells with delimiters, quotes and line breaks, blank lines, all-empty records, invalid and repeated rows,
/// malformed quoting, and a last line with or without a line break.
/// </summary>
internal sealed class GeneratedCsv
{
    private static readonly string[] FirstNames =
    [
        "Ann", "José", "Zoë", "日本", "Łukasz", "Ünal 😀", "O'Neil", "Smith, Jr", "Say \"hi\"", "two\nlines", "crlf\r\nlines",
        "  padded  ", "ß", "Ånström",
    ];

    private static readonly Encoding[] Encodings =
    [
        new UTF8Encoding(false), new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true),
    ];

    private GeneratedCsv(byte[] bytes, Encoding encoding, long headerEnd, List<(int Line, string Login, string FirstName)> rows)
    {
        Bytes = bytes;
        Encoding = encoding;
        HeaderEnd = headerEnd;
        Rows = rows;
    }

    public byte[] Bytes { get; }

    public Encoding Encoding { get; }

    public long HeaderEnd { get; }

    /// <summary>The data rows in order (blank lines and all-empty records are not rows).</summary>
    public List<(int Line, string Login, string FirstName)> Rows { get; }

    public static GeneratedCsv Create(int seed, int maxRows = 60)
    {
        var random = new Random(seed);
        var encoding = Encodings[random.Next(Encodings.Length)];
        var delimiter = ",;\t"[random.Next(3)];
        var style = random.Next(4);
        var last = string.Empty;
        string LineEnd(bool emptyLine = false)
        {
            var ending = style switch
            {
                0 => "\n",
                1 => "\r\n",
                2 => random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" },
                _ => random.Next(2) == 0 ? "\n" : "\r\n",
            };

            // A lone CR, then an empty line ending in LF, is one CR LF line break, not two.
            last = emptyLine && last == "\r" && ending == "\n" ? "\r" : ending;
            return last;
        }

        var text = new StringBuilder();
        var line = 1;
        var header = string.Join(delimiter, "login", random.Next(4) == 0 ? "\"email\"" : "email", "firstName", "lastName", "department", "groups");
        var headerEnding = LineEnd();
        text.Append(header).Append(headerEnding);
        var headerEnd = encoding.GetPreamble().Length + encoding.GetByteCount(header + headerEnding);
        line++;

        var rows = new List<(int, string, string)>();
        var count = random.Next(1, maxRows + 1);
        for (var i = 0; i < count; i++)
        {
            while (random.Next(12) == 0)
            {
                // A blank line, or a record of empty cells: neither is a row.
                var blank = random.Next(2) == 0 ? string.Empty : new string(delimiter, 5);
                text.Append(blank).Append(LineEnd(blank.Length == 0));
                line++;
            }

            var login = random.Next(15) == 0 && rows.Count > 0
                ? rows[random.Next(rows.Count)].Item2.ToUpperInvariant()
                : $"user{i}.{(random.Next(3) == 0 ? "josé" : "ann")}@example.com";
            var email = random.Next(10) == 0 ? "not-an-email@" : login;
            var firstName = FirstNames[random.Next(FirstNames.Length)];
            var department = random.Next(20) switch
            {
                0 => "stray \"quote",
                1 => "\"closed\" then text",
                _ => "Sales" + delimiter + "EMEA",
            };
            var groups = random.Next(3) == 0 ? string.Empty : "All Staff;Group " + random.Next(5);
            string[] cells = [login, email, firstName, "Lee", department, groups];
            var written = cells.Select(c => Quote(c, delimiter, random)).ToArray();
            if (department.StartsWith("stray", StringComparison.Ordinal) || department.StartsWith("\"closed", StringComparison.Ordinal))
            {
                written[4] = department;
            }

            rows.Add((line, login, firstName.Trim()));
            var record = string.Join(delimiter, written);
            text.Append(record);
            line += LineBreaks(record);
            if (i < count - 1 || random.Next(2) == 0)
            {
                text.Append(LineEnd());
                line++;
            }
        }

        return new GeneratedCsv([.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())], encoding, headerEnd, rows);
    }

    private static string Quote(string cell, char delimiter, Random random)
    {
        var needs = cell.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 || cell.StartsWith(' ') || cell.EndsWith(' ');
        return needs || random.Next(8) == 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static int LineBreaks(string text)
    {
        var breaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')))
            {
                breaks++;
            }
        }

        return breaks;
    }
}
