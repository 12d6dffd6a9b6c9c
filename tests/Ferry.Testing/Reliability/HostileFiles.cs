using System.IO.Compression;
using System.Text;

namespace Ferry.Testing.Reliability;

/// <summary>
/// The bad-input scenario's files: other formats, broken encodings, broken headers and broken rows, each with the
/// outcome docs/jobs.md documents for it. Every file's users have logins of their own (<c>…@{file}.example.com</c>), so
/// files never meet in Okta.
/// </summary>
public static class HostileFiles
{
    private const string Header = "email,firstName,lastName";
    private const string Unclosed = "malformed quoting: a quoted field is never closed";
    private const string Malformed = "malformed quoting: a quote inside a value, or text after a closing quote";

    /// <param name="longLineBytes">The length of the over-long line (10 MB at full size).</param>
    /// <param name="headerColumns">The columns of the too-wide header (1,000,000 at full size).</param>
    public static IReadOnlyList<HostileFile> All(int longLineBytes, int headerColumns) =>
    [
        // ---- Not a CSV at all: the job fails before anything is sent to Okta ----
        new("Q1 \"final\" (copy).csv", "0 bytes, under a name with quotes, spaces and parentheses", [], HostileOutcome.Failure("empty-file", "is empty (0 bytes)")),
        new("blank-lines.csv", "only blank lines, spaces and tabs", Utf8("\r\n   \n\t\t\n\n"), HostileOutcome.Failure("no-header", "only blank lines")),
        new("workbook.csv", "an .xlsx workbook (a ZIP) renamed .csv", Workbook(), HostileOutcome.Failure("not-csv", "ZIP archive, such as an Excel workbook")) { ViaInbox = true },
        new("legacy-workbook.csv", "an Excel 97-2003 .xls renamed .csv", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1024]], HostileOutcome.Failure("not-csv", "Excel 97-2003")),
        new("statement.csv", "a PDF renamed .csv", Utf8("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n"), HostileOutcome.Failure("not-csv", "a PDF document")),
        new("export.csv", "a gzip-compressed CSV", Gzip(Utf8(Header + "\nann@gz.example.com,Ann,Lee\n")), HostileOutcome.Failure("not-csv", "gzip-compressed")) { ViaInbox = true },
        new("random-bytes.csv", "64 KB of random bytes", RandomBytes(64 * 1024), HostileOutcome.Failure("binary-file", "not a text file")),
        new("nul-bytes.csv", "NUL bytes in a cell near the start", Utf8(Header + "\nann@nul.example.com,A\0\0n,Lee\n"), HostileOutcome.Failure("binary-file", "NUL bytes")),
        new("control-characters.csv", "terminal escape sequences and backspaces in a small file", Utf8(Header + "\nann@ctl.example.com,\u001b[31mAnn\u001b[0m,Lee\nbo@ctl.example.com,Bo\b\b,Li\n"), HostileOutcome.Failure("binary-file", "control characters")),
        new("utf16-without-bom.csv", "UTF-16 LE without a byte order mark", Encoding.Unicode.GetBytes(Header + "\r\nann@u16nobom.example.com,Ann,Lee\r\n"), HostileOutcome.Failure("binary-file", "UTF-16 file without a byte order mark")),

        // ---- A header Ferry cannot use ----
        new("header-only.csv", "a header and no rows", Utf8(Header + "\r\n"), HostileOutcome.Failure("no-rows", "has a header but no rows")),
        new("million-columns.csv", $"a header of {headerColumns:N0} columns", WideHeader(headerColumns), HostileOutcome.Failure("too-many-columns", "more than 1000 columns")),
        new("long-header.csv", "a 2 MB header line of four columns", Utf8(Header + "," + new string('h', 2 * 1024 * 1024) + "\nann@longheader.example.com,Ann,Lee,x\n"), HostileOutcome.Failure("header-too-long", "header line is longer than a line may be")),
        new("malformed-header.csv", "text after a closing quote in a header", Utf8("email,\"first\"Name,lastName\nann@mh.example.com,Ann,Lee\n"), HostileOutcome.Failure("malformed-header", "column 2")),
        new("empty-header-cell.csv", "an empty header cell", Utf8("email,firstName,,lastName\nann@eh.example.com,Ann,x,Lee\n"), HostileOutcome.Failure("empty-header", "column 3")),
        new("trailing-delimiter.csv", "a header ending in a delimiter", Utf8("email,firstName,lastName,\nann@td.example.com,Ann,Lee,\n"), HostileOutcome.Failure("empty-header", "column 4")),
        new("unknown-columns.csv", "columns that are not Okta attributes", Utf8(Header + ",Employee Code,Start Date\nann@uc.example.com,Ann,Lee,E-1,2024-01-15\n"), HostileOutcome.Failure("unknown-columns", "'Employee Code', 'Start Date'")),
        new("missing-column.csv", "an import without lastName", Utf8("email,firstName,department\nann@mc.example.com,Ann,Sales\n"), HostileOutcome.Failure("missing-column", "no lastName column")),
        new("duplicate-columns.csv", "two columns for email", Utf8("Email,First Name,Last Name,E-mail\nann@dc.example.com,Ann,Lee,ann2@dc.example.com\n"), HostileOutcome.Failure("duplicate-columns", "'Email' (column 1) and 'E-mail' (column 4)")),
        new("web-page.csv", "an HTML page saved as .csv", Utf8("<!DOCTYPE html>\n<html><body><table><tr><td>ann@html.example.com</td></tr></table></body></html>\n"), HostileOutcome.Failure("unknown-columns", "'<!DOCTYPE html>'")),
        new("users.json.csv", "a JSON export renamed .csv", Utf8("[{\"email\":\"ann@json.example.com\",\"firstName\":\"Ann\",\"lastName\":\"Lee\"}]\n"), HostileOutcome.Failure("malformed-header", "malformed quoting in column 1")),
        new("strict.csv", "an invalid row with failOnInvalidRows=true", Utf8(Header + "\nann@strict.example.com,Ann,Lee\nnot-an-email,Bo,Li\n"), HostileOutcome.Failure("invalid-rows", "line 3"))
        {
            Options = new Dictionary<string, string> { ["failOnInvalidRows"] = "true" },
        },
        new("bad-option.csv", "inbox metadata with an option value Ferry does not accept", Utf8(Header + "\nann@opt.example.com,Ann,Lee\n"), HostileOutcome.Failure("invalid-options", "activation must be one of"))
        {
            ViaInbox = true,
            Options = new Dictionary<string, string> { ["activation"] = "sometimes" },
        },

        // ---- Encodings and delimiters Ferry reads ----
        new("utf16le-bom.csv", "UTF-16 LE with a byte order mark, non-ASCII names", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Header + "\r\nzoe@u16le.example.com,Zoë,Ørsted\r\nlukasz@u16le.example.com,Łukasz,Żółć\r\n")], HostileOutcome.Rows(2)) { ViaInbox = true },
        new("utf16be-bom.csv", "UTF-16 BE with a byte order mark", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Header + "\r\nzoe@u16be.example.com,Zoë,Ørsted\r\nwei@u16be.example.com,伟,王\r\n")], HostileOutcome.Rows(2)),
        new("utf8-bom.csv", "UTF-8 with a byte order mark and CRLF", [0xEF, 0xBB, 0xBF, .. Utf8(Header + "\r\nchloe@bom.example.com,Chloé,Dubois\r\nsoren@bom.example.com,Søren,Østergaard\r\n")], HostileOutcome.Rows(2)),
        new("semicolons.csv", "semicolon-delimited (European Excel), a comma inside a cell", Utf8("email;firstName;lastName;title\nann@semi.example.com;Ann;Lee;\"Head, Sales\"\nbo@semi.example.com;Bo;Li;Clerk\n"), HostileOutcome.Rows(2)),
        new("tabs.csv", "tab-delimited", Utf8("email\tfirstName\tlastName\nann@tab.example.com\tAnn\tLee\nbo@tab.example.com\tBo\tLi\n"), HostileOutcome.Rows(2)),
        new("mac-line-ends.csv", "classic Mac line ends (CR only)", Utf8(Header + "\rann@cr.example.com,Ann,Lee\rbo@cr.example.com,Bo,Li\r"), HostileOutcome.Rows(2)),
        new("multi-line-cell.csv", "a quoted address over two lines, then an invalid row", Utf8(Header + ",streetAddress\nann@ml.example.com,Ann,Lee,\"1 Main St\nApt 2\"\nnot-an-email,Bo,Li,\n"), HostileOutcome.Rows(1, new InvalidRow(4, "email", "'not-an-email' is not a valid email address"))),
        new("unicode-names.csv", "emoji, right-to-left override, zero-width joiner, combining accents", Utf8(Header + "\nann@uni.example.com,Ann 🎉,Lee\u202Egnp.exe\nbo@uni.example.com,Bo\u200D,Li\u0301\n"), HostileOutcome.Rows(2)),

        // ---- Broken rows: reported invalid, the rest of the file goes on ----
        new("late-nul.csv", "a NUL byte in a cell past the first 8 KB", LateNul(), HostileOutcome.Rows(200, new InvalidRow(202, "firstName", "contains a control character (U+0000)"))),
        new("latin1.csv", "a Windows-1252 é in a UTF-8 file", [.. Utf8(Header + "\nrene@latin1.example.com,Ren"), 0xE9, .. Utf8(",Dupont\nann@latin1.example.com,Ann,Lee\n")], HostileOutcome.Rows(1, new InvalidRow(2, "firstName", "contains bytes that are not valid UTF-8; save the file as UTF-8"))),
        new("unmatched-quote.csv", "a quote never closed, swallowing the rest of the file", Utf8(Header + "\nann@uq.example.com,Ann,Lee\nbo@uq.example.com,\"Bo,Li\ncy@uq.example.com,Cy,Ng\n"), HostileOutcome.Rows(1, new InvalidRow(3, "firstName", Unclosed))),
        new("stray-quotes.csv", "a quote inside a value, text after a closing quote", Utf8(Header + "\nann@sq.example.com,An\"n,Lee\nbo@sq.example.com,Bo,\"Li\" Jr\ncy@sq.example.com,Cy,\"Ng \"\"The Boss\"\"\"\n"), HostileOutcome.Rows(1, new InvalidRow(2, "firstName", Malformed), new InvalidRow(3, "lastName", Malformed))),
        new("ten-megabyte-line.csv", $"one line of {longLineBytes / 1024.0 / 1024.0:F0} MB between two good rows", Utf8(Header + ",title\nann@long.example.com,Ann,Lee,Engineer\nbo@long.example.com,Bo,Li," + new string('x', longLineBytes) + "\ncy@long.example.com,Cy,Ng,Manager\n"), HostileOutcome.Rows(2, new InvalidRow(3, null, "line is longer than 1 MB"))),
        new("formula-injection.csv", "spreadsheet formulas in logins, names and group names", FormulaInjection(), HostileOutcome.Rows(4) with { Results = Neutralised }),
        new("duplicate-rows.csv", "logins repeated in other case and accents, an email repeated", Utf8("login,email,firstName,lastName\njose.garcia@dup.example.com,jose.garcia@dup.example.com,José,García\nJOSE.GARCIA@DUP.EXAMPLE.COM,jose.garcia2@dup.example.com,Jose,Garcia\njosé.garcía@dup.example.com,jose.garcia3@dup.example.com,José,García\nann.lee@dup.example.com,ann.lee@dup.example.com,Ann,Lee\nann.lee.2@dup.example.com,Ann.Lee@Dup.Example.com,Ann,Lee\n"), HostileOutcome.Rows(2, new InvalidRow(3, "login", "duplicate of line 2 (same login)"), new InvalidRow(4, "login", "duplicate of line 2 (same login)"), new InvalidRow(6, "email", "duplicate of line 5 (same email)"))),
        new("wrong-hash-shapes.csv", "password hashes of the wrong shape for their algorithm", WrongHashShapes(), HostileOutcome.Rows(
            1,
            new InvalidRow(2, "workFactor", "workFactor must be between 1 and 20 for BCRYPT"),
            new InvalidRow(3, "salt", "salt must be 22 radix-64 characters"),
            new InvalidRow(4, "hashValue", "base64 encoding of a 32-byte digest for SHA-256"),
            new InvalidRow(5, "saltOrder", "saltOrder must be PREFIX or POSTFIX"),
            new InvalidRow(6, "iterationCount", "iterationCount must be at least 4096 for PBKDF2"),
            new InvalidRow(7, "hashValue", "keySize-byte derived key for PBKDF2"),
            new InvalidRow(8, "hashAlgorithm", "hashAlgorithm 'WHIRLPOOL' is not supported"))),
        new("over-long-fields.csv", "values longer than Okta allows", Utf8("email,firstName,lastName,countryCode,zipCode\nann@olf.example.com," + new string('A', 51) + ",Lee,,\nbo@olf.example.com,Bo,Li,USA,\ncy@olf.example.com,Cy,Ng,," + new string('9', 51) + "\n" + new string('e', 90) + "@olf.example.com,Ed,Ex,,\n"), HostileOutcome.Rows(
            0,
            new InvalidRow(2, "firstName", "firstName is longer than 50 characters"),
            new InvalidRow(3, "countryCode", "countryCode is longer than 2 characters"),
            new InvalidRow(4, "zipCode", "zipCode is longer than 50 characters"),
            new InvalidRow(5, "email", "email is longer than 100 characters"))),
        new("extra-cells.csv", "a row with more cells than the header", Utf8(Header + ",department\nann@xc.example.com,Ann,Lee,Sales,Extra\nbo@xc.example.com,Bo,Li,Support,,\ncy@xc.example.com,Cy,Ng\n"), HostileOutcome.Rows(2, new InvalidRow(2, null, "has 5 cells, the header has 4"))),
        new("invalid-emails.csv", "emails that are not emails", Utf8(Header + ",secondEmail\nbob@,Bob,Smith,\n@ie.example.com,No,Local,\nann lee@ie.example.com,Ann,Lee,\nann.lee@example,Ann,Lee,\ngood@ie.example.com,Good,Row,home@mail\nisaac@ie.example.com,Isáàc,Bröck,\n"), HostileOutcome.Rows(
            1,
            new InvalidRow(2, "email", "'bob@' is not a valid email address"),
            new InvalidRow(3, "email", "'@ie.example.com' is not a valid email address"),
            new InvalidRow(4, "email", "'ann lee@ie.example.com' is not a valid email address"),
            new InvalidRow(5, "email", "'ann.lee@example' is not a valid email address"),
            new InvalidRow(6, "secondEmail", "'home@mail' is not a valid email address"))),
        new("password-and-hash.csv", "a row with both a password and a hash", Utf8(Header + ",password,hashAlgorithm,hashValue\nann@ph.example.com,Ann,Lee,Winter2024!Xy,MD5,AAcOFRwjKjE4P0ZNVFtiaQ==\nbo@ph.example.com,Bo,Li,Summer2024!Xy,,\n"), HostileOutcome.Rows(1, new InvalidRow(2, "password", "has both a password and a password hash"))),
        new("bad-group-ids.csv", "group names and short ids in the groupId column", Utf8(Header + ",groupId\nann@gid.example.com,Ann,Lee,\nbo@gid.example.com,Bo,Li,Sales\ncy@gid.example.com,Cy,Ng,\"00g1emaKYZTWRYYRRTSK,00g1emaKYZTWRYYRRTS\"\n"), HostileOutcome.Rows(
            1,
            new InvalidRow(3, "groupId", "'Sales' is not an Okta group id"),
            new InvalidRow(4, "groupId", "'00g1emaKYZTWRYYRRTS' is not an Okta group id"))),
        new("missing-values.csv", "required cells left empty", Utf8("login,email,firstName,lastName\nann@mv.example.com,ann@mv.example.com,,Lee\nbo@mv.example.com,bo@mv.example.com,Bo,\n,,Cy,Ng\ndi@mv.example.com,,Di,Ho\n"), HostileOutcome.Rows(
            0,
            new InvalidRow(2, "firstName", "firstName is empty; Okta requires it"),
            new InvalidRow(3, "lastName", "lastName is empty; Okta requires it"),
            new InvalidRow(4, "login", "login and email are both empty"),
            new InvalidRow(5, "email", "email is empty; Okta requires it"))),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Workbook()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, xml) in new[] { ("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"), ("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>") })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(xml);
            }
        }

        return zip.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x00; // never a ZIP, PDF or gzip signature by chance
        return bytes;
    }

    private static byte[] WideHeader(int columns)
    {
        var header = new StringBuilder(columns * 8).Append("email");
        for (var i = 1; i < columns; i++)
        {
            header.Append(",c").Append(i);
        }

        return Utf8(header.Append("\nann@wide.example.com\n").ToString());
    }

    private static byte[] LateNul() => Utf8(
        Header + "\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"user{i}@latenul.example.com,Filler,Row{i}\n")) + "ann@latenul.example.com,A\0n,Lee\n");

    private static byte[] FormulaInjection() => Utf8(
        "email,firstName,lastName,title,groups\n"
        + "=cmd@fx.example.com,Ann,Lee,\"=cmd|' /C calc'!A0\",=1+1\n"
        + "+plus@fx.example.com,Bo,Li,+SUM(1+1),@SUM(A1:A9)\n"
        + "-minus@fx.example.com,Cy,Ng,-2+3,-2+3\n"
        + "di@fx.example.com,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",Ho,\"\t=1+1\",+7\n");

    /// <summary>No report cell a spreadsheet would run as a formula; the formula cells are there, neutralised.</summary>
    private static IEnumerable<string> Neutralised(List<string[]> results)
    {
        var dangerous = results.SelectMany(r => r).Where(c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r').ToList();
        if (dangerous.Count > 0)
        {
            yield return $"results.csv cells a spreadsheet would run: {string.Join(" | ", dangerous)}";
        }

        var neutralised = results.SelectMany(r => r).Count(c => c.Length > 1 && c[0] == '\'' && c[1] is '=' or '+' or '-' or '@');
        if (neutralised != 10)
        {
            yield return $"{neutralised} cells neutralised with a leading apostrophe, expected 10 (3 logins, 3 emails and 4 group lists start with a formula character)";
        }
    }

    private static byte[] WrongHashShapes() => Utf8(
        "email,firstName,lastName,hashAlgorithm,hashValue,salt,saltOrder,workFactor,iterationCount,keySize,digestAlgorithm\n"
        + "u1@hash.example.com,A,A,BCRYPT,abcdefghijklmnopqrstuvwxyzABCD.,abcdefghijABCDEFGHIJ./,,25,,,\n"
        + "u2@hash.example.com,B,B,BCRYPT,abcdefghijklmnopqrstuvwxyzABCD.,tooShortSalt,,10,,,\n"
        + "u3@hash.example.com,C,C,SHA-256,AAcOFRwjKjE4P0ZNVFtiaQ==,,,,,,\n"
        + "u4@hash.example.com,D,D,SHA-1,AAcOFRwjKjE4P0ZNVFtiaXB3foU=,cGVwcGVyISE=,,,,,\n"
        + "u5@hash.example.com,E,E,PBKDF2,AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=,cGVwcGVyISE=,,,1000,32,SHA256_HMAC\n"
        + "u6@hash.example.com,F,F,PBKDF2,AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=,cGVwcGVyISE=,,,4096,64,SHA512_HMAC\n"
        + "u7@hash.example.com,G,G,WHIRLPOOL,AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyuQ==,,,,,,\n"
        + "u8@hash.example.com,H,H,md5,AAcOFRwjKjE4P0ZNVFtiaQ==,cGVwcGVyISE=,postfix,,,,\n");
}
