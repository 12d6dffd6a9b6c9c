using System.Text;
using System.Text.RegularExpressions;
using Ferry.Core.Csv;

namespace Ferry.Core.Tests.Csv;

/// <summary>
/// The malformed-file corpus (tests/Ferry.Core.Tests/Corpus, documented in its README): each file, committed or
/// generated here (binary and very large ones), gives its job-level failure or exactly its row errors.
/// </summary>
public sealed partial class CorpusTests
{
    private const string HashList = "use BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2";
    private const string Malformed = "malformed quoting: a quote inside a value, or text after a closing quote; quote the whole value and double the quotes inside it";
    private const string Unclosed = "malformed quoting: a quoted field is never closed, so the rest of the file was read into this row";

    private static readonly Dictionary<string, Expected> Committed = new(StringComparer.Ordinal)
    {
        ["whitespace-only.csv"] = Expected.Failure(CsvFailureCodes.NoHeader),
        ["header-only.csv"] = Expected.Failure(CsvFailureCodes.NoRows),
        ["unknown-columns.csv"] = Expected.Failure(CsvFailureCodes.UnknownColumns, "'Employee Code', 'Start Date'"),
        ["duplicate-columns.csv"] = Expected.Failure(CsvFailureCodes.DuplicateColumns, "'Email' (column 1) and 'E-mail' (column 4)"),
        ["missing-column.csv"] = Expected.Failure(CsvFailureCodes.MissingColumn, "no lastName column"),
        ["empty-header-cell.csv"] = Expected.Failure(CsvFailureCodes.EmptyHeader, "column 3"),
        ["malformed-header.csv"] = Expected.Failure(CsvFailureCodes.MalformedHeader, "column 2"),
        ["formula-injection.csv"] = Expected.Rows(4),
        ["duplicate-rows.csv"] = Expected.Rows(2, (3, "duplicate of line 2 (same login)"), (4, "duplicate of line 2 (same login)"), (6, "duplicate of line 5 (same email)")),
        ["wrong-hash-shapes.csv"] = Expected.Rows(
            1,
            (2, "workFactor must be between 1 and 20 for BCRYPT"),
            (3, "salt must be 22 radix-64 characters (./A-Za-z0-9) for BCRYPT"),
            (4, "hashValue must be the base64 encoding of a 32-byte digest for SHA-256"),
            (5, "saltOrder must be PREFIX or POSTFIX for a salted hash"),
            (6, "iterationCount must be at least 4096 for PBKDF2"),
            (7, "hashValue must be the base64 encoding of a keySize-byte derived key for PBKDF2"),
            (8, $"hashAlgorithm 'WHIRLPOOL' is not supported; {HashList}")),
        ["unmatched-quote.csv"] = Expected.Rows(1, (3, Unclosed)),
        ["stray-quotes.csv"] = Expected.Rows(1, (2, Malformed), (3, Malformed)),
        ["extra-cells.csv"] = Expected.Rows(2, (2, "has 5 cells, the header has 4")),
        ["invalid-emails.csv"] = Expected.Rows(
            1,
            (2, "'bob@' is not a valid email address"),
            (3, "'@example.com' is not a valid email address"),
            (4, "'ann lee@example.com' is not a valid email address"),
            (5, "'ann.lee@example' is not a valid email address"),
            (6, "'home@mail' is not a valid email address")),
        ["over-long-fields.csv"] = Expected.Rows(
            0,
            (2, "firstName is longer than 50 characters"),
            (3, "countryCode is longer than 2 characters"),
            (4, "zipCode is longer than 50 characters"),
            (5, "costCode is longer than 1024 characters"),
            (6, "email is longer than 100 characters")),
        ["password-and-hash.csv"] = Expected.Rows(1, (2, "has both a password and a password hash; use one of them")),
        ["bad-group-ids.csv"] = Expected.Rows(
            1,
            (3, "'Sales' is not an Okta group id (20 letters and digits, such as 00g1emaKYZTWRYYRRTSK)"),
            (4, "'00g1emaKYZTWRYYRRTS' is not an Okta group id (20 letters and digits, such as 00g1emaKYZTWRYYRRTSK)")),
        ["missing-required-values.csv"] = Expected.Rows(
            0,
            (2, "firstName is empty; Okta requires it"),
            (3, "lastName is empty; Okta requires it"),
            (4, "login and email are both empty"),
            (5, "email is empty; Okta requires it")),
    };

    private static readonly Dictionary<string, (Func<byte[]> Create, Expected Expected)> Generated = new(StringComparer.Ordinal)
    {
        ["empty.csv"] = (() => [], Expected.Failure(CsvFailureCodes.EmptyFile)),
        ["workbook-renamed.csv"] = (ZipWorkbook, Expected.Failure(CsvFailureCodes.NotCsv, "ZIP archive, such as an Excel workbook")),
        ["legacy-workbook.csv"] = (() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]], Expected.Failure(CsvFailureCodes.NotCsv, "Excel 97-2003")),
        ["binary-junk.csv"] = (BinaryJunk, Expected.Failure(CsvFailureCodes.BinaryFile)),
        ["nul-bytes.csv"] = (() => Encoding.UTF8.GetBytes("email,firstName,lastName\nann@example.com,A\0\0n,Lee\n"), Expected.Failure(CsvFailureCodes.BinaryFile)),
        ["utf16-without-bom.csv"] = (() => Encoding.Unicode.GetBytes("email,firstName,lastName\nann@example.com,Ann,Lee\n"), Expected.Failure(CsvFailureCodes.BinaryFile)),
        ["too-many-columns.csv"] = (TooManyColumns, Expected.Failure(CsvFailureCodes.TooManyColumns, "more than 1000 columns")),
        ["ten-megabyte-line.csv"] = (TenMegabyteLine, Expected.Rows(2, (3, "line is longer than 1 MB"))),
        ["latin1-bytes.csv"] = (Latin1, Expected.Rows(1, (2, "contains bytes that are not valid UTF-8; save the file as UTF-8"))),
    };

    public static TheoryData<string> CommittedFiles => [.. Committed.Keys];

    public static TheoryData<string> GeneratedFiles => [.. Generated.Keys];

    [Fact]
    public void Corpus_EveryCommittedFile_HasAnExpectationAndEveryFileIsInTheReadme()
    {
        var files = Directory.GetFiles(CorpusDirectory, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var readme = File.ReadAllText(Path.Combine(CorpusDirectory, "README.md"));
        var documented = ReadmeFile().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Committed.Keys.Order(StringComparer.Ordinal), files);
        Assert.True(Committed.Count + Generated.Count >= 20);
        Assert.Equal([], Committed.Keys.Concat(Generated.Keys).Except(documented));
    }

    [Theory]
    [MemberData(nameof(CommittedFiles))]
    public async Task PlanAsync_CommittedCorpusFile_GivesItsDocumentedOutcome(string file)
    {
        await AssertOutcomeAsync(File.ReadAllBytes(Path.Combine(CorpusDirectory, file)), Committed[file]);
    }

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public async Task PlanAsync_GeneratedCorpusFile_GivesItsDocumentedOutcome(string file)
    {
        var (create, expected) = Generated[file];

        await AssertOutcomeAsync(create(), expected);
    }

    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static async Task AssertOutcomeAsync(byte[] bytes, Expected expected)
    {
        if (expected.Code is not null)
        {
            var failure = await CsvTestFile.PlanFailureAsync(bytes);
            Assert.Equal(expected.Code, failure.Code);
            Assert.Contains(expected.Text ?? string.Empty, failure.Message, StringComparison.Ordinal);
            return;
        }

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes);
        Assert.Equal(expected.Errors, rows.Where(r => r.Error is not null).Select(r => (r.Line, r.Error!.Message)));
        Assert.Equal(expected.ValidRows, rows.Count(r => r.Error is null));
        Assert.Equal(expected.Errors.Length, plan.InvalidRowCount);
    }

    private static byte[] ZipWorkbook()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("xl/workbook.xml").Open());
            writer.Write("<workbook/>");
        }

        return zip.ToArray();
    }

    private static byte[] BinaryJunk()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static byte[] TooManyColumns()
    {
        var header = new StringBuilder("email");
        for (var i = 1; i <= 1_000_000; i++)
        {
            header.Append(",c").Append(i);
        }

        return Encoding.UTF8.GetBytes(header.Append("\nann@example.com\n").ToString());
    }

    private static byte[] TenMegabyteLine() => Encoding.UTF8.GetBytes(
        "email,firstName,lastName,title\nann.lee@example.com,Ann,Lee,Engineer\nbo.li@example.com,Bo,Li,"
        + new string('x', 10 * 1024 * 1024) + "\ncy.ng@example.com,Cy,Ng,Manager\n");

    private static byte[] Latin1() =>
        [.. Encoding.UTF8.GetBytes("email,firstName,lastName\nrene@example.com,Ren"), 0xE9, .. Encoding.UTF8.GetBytes(",Dupont\nann@example.com,Ann,Lee\n")];

    [GeneratedRegex(@"`([^`]+\.csv)`")]
    private static partial Regex ReadmeFile();

    private sealed record Expected(string? Code, string? Text, int ValidRows, (int Line, string Message)[] Errors)
    {
        public static Expected Failure(string code, string? text = null) => new(code, text, 0, []);

        public static Expected Rows(int validRows, params (int Line, string Message)[] errors) => new(null, null, validRows, errors);
    }
}
