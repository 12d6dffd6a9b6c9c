using System.Text;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Csv;

/// <summary>Encodings, delimiters, line endings and quoting, and the file problems that stop a job.</summary>
public sealed class CsvJobReaderFormatTests
{
    private const string Sample = "email,firstName,lastName\nann@example.com,Ann,Lee\nbo@example.com,Bö,Ström\n";

    [Fact]
    public async Task PlanAsync_Utf8WithoutBom_ReadsItAsUtf8()
    {
        var bytes = CsvTestFile.Utf8(Sample);

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes);

        Assert.Equal((65001, 0, ','), (plan.Format.Encoding.CodePage, plan.Format.PreambleLength, plan.Format.Delimiter));
        Assert.Equal("Ström", rows[1].User!.Profile["lastName"]);
        Assert.Equal(Encoding.UTF8.GetByteCount("email,firstName,lastName\n"), plan.Slices[0].StartByte);
    }

    [Fact]
    public async Task PlanAsync_Utf8WithBom_SkipsTheBom()
    {
        var bytes = CsvTestFile.WithPreamble(new UTF8Encoding(true), Sample);

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes);

        Assert.Equal((65001, 3), (plan.Format.Encoding.CodePage, plan.Format.PreambleLength));
        Assert.Equal("email", plan.Header.Columns[0].Header);
        Assert.Equal(3 + 25, plan.Slices[0].StartByte);
        Assert.Equal("Bö", rows[1].User!.Profile["firstName"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlanAsync_Utf16WithBom_ReadsItAndCountsItsBytes(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = CsvTestFile.WithPreamble(encoding, "email;firstName;lastName\r\nann@example.com;Ann;\"Lee;\r\nJr\"\r\nzoë@example.com;Zoë 😀;Ström\r\n");

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 1 });

        Assert.Equal((encoding.CodePage, 2, ';'), (plan.Format.Encoding.CodePage, plan.Format.PreambleLength, plan.Format.Delimiter));
        Assert.Equal(2 + encoding.GetByteCount("email;firstName;lastName\r\n"), plan.Slices[0].StartByte);
        Assert.Equal(2 + encoding.GetByteCount("email;firstName;lastName\r\nann@example.com;Ann;\"Lee;\r\nJr\"\r\n"), plan.Slices[1].StartByte);
        Assert.Equal(bytes.Length, plan.Slices[1].EndByte);
        Assert.Equal("Lee;\r\nJr", rows[0].User!.Profile["lastName"]);
        Assert.Equal(("zoë@example.com", "Zoë 😀", 4), (rows[1].Login, rows[1].User!.Profile["firstName"], rows[1].Line));
    }

    [Fact]
    public async Task PlanAsync_InvalidUtf8InACell_MakesThatRowInvalidAndGoesOn()
    {
        byte[] bytes = [.. CsvTestFile.Utf8("email,firstName,lastName\nann@example.com,Ren"), 0xE9, .. CsvTestFile.Utf8(",Lee\nbo@example.com,Bo,Li\n")];

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes);

        Assert.Equal(new RowError(2, "firstName", 2, "contains bytes that are not valid UTF-8; save the file as UTF-8") { Code = InvalidRowCodes.InvalidText }, rows[0].Error);
        Assert.Equal("ann@example.com", rows[0].Login);
        Assert.Null(rows[1].Error);
        Assert.Equal(1, plan.InvalidRowCount);
    }

    [Fact]
    public async Task PlanAsync_InvalidUtf8InAnIgnoredColumn_DoesNotMatter()
    {
        byte[] bytes = [.. CsvTestFile.Utf8("email,firstName,lastName,notes\nann@example.com,Ann,Lee,caf"), 0xE9, .. CsvTestFile.Utf8("\n")];

        var (_, rows) = await CsvTestFile.ParseAsync(bytes, new JobOptions { IgnoreUnknownColumns = true });

        Assert.Null(Assert.Single(rows).Error);
    }

    [Theory]
    [InlineData("email,firstName,lastName\nann@example.com,Ann,Lee\n", ',')]
    [InlineData("email;firstName;lastName\nann@example.com;Ann;Lee\n", ';')]
    [InlineData("email\tfirstName\tlastName\nann@example.com\tAnn\tLee\n", '\t')]
    [InlineData("\"e,mail\";firstName;lastName;x\n", ';')]
    [InlineData("email\n", ',')]
    public void DetectDelimiter_HeaderLine_MostFrequentOutsideQuotesOrComma(string text, char expected)
    {
        Assert.Equal(expected, CsvFormatSniffer.DetectDelimiter(text));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public async Task PlanAsync_SemicolonOrTab_SplitsOnIt(char delimiter)
    {
        var text = "email,firstName,lastName,groups\nann@example.com,\"Ann, Jr\",Lee,A|B\n".Replace(',', delimiter);

        var (plan, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal(delimiter, plan.Format.Delimiter);
        Assert.Equal("Ann" + delimiter + " Jr", rows[0].User!.Profile["firstName"]);
    }

    [Fact]
    public async Task PlanAsync_OneColumnFile_IsAllowed()
    {
        var (plan, rows) = await CsvTestFile.ParseAsync("login\nann.lee\nbo.li\n", new JobOptions { Kind = JobKind.Reactivate });

        Assert.Equal(',', plan.Format.Delimiter);
        Assert.Equal(["ann.lee", "bo.li"], rows.Select(r => r.Login));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task PlanAsync_LineEndings_GiveTheSameRowsAndLines(string newLine)
    {
        var text = string.Join(newLine, "email,firstName,lastName", "ann@example.com,Ann,Lee", string.Empty, "bo@example.com,Bo,\"Li", "Jr\"", "cy@example.com,Cy,Ng") + newLine;

        var (_, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal([2, 4, 6], rows.Select(r => r.Line));
        Assert.Equal("Li" + newLine + "Jr", rows[1].User!.Profile["lastName"]);
    }

    [Fact]
    public async Task PlanAsync_QuotedFieldsWithDelimitersQuotesAndLineBreaks_KeepLineNumbersRight()
    {
        var text = "email,firstName,lastName,title\n"
            + "ann@example.com,Ann,\"Lee, Jr\",\"Says \"\"hi\"\"\"\n"
            + "bo@example.com,Bo,Li,\"Line one\nLine two\r\nLine three\"\n"
            + "cy@example.com, \"Cy\" ,Ng,  padded  \n";

        var (_, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal([2, 3, 6], rows.Select(r => r.Line));
        Assert.Equal("Lee, Jr", rows[0].User!.Profile["lastName"]);
        Assert.Equal("Says \"hi\"", rows[0].User!.Profile["title"]);
        Assert.Equal("Line one\nLine two\r\nLine three", rows[1].User!.Profile["title"]);
        Assert.Equal(("Cy", "padded"), (rows[2].User!.Profile["firstName"], rows[2].User!.Profile["title"]));
    }

    [Fact]
    public async Task PlanAsync_NoFinalNewLine_ReadsTheLastRow()
    {
        var bytes = CsvTestFile.Utf8("email,firstName,lastName\nann@example.com,Ann,Lee\nbo@example.com,Bo,Li");

        var (plan, rows) = await CsvTestFile.ParseAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 1 });

        Assert.Equal("bo@example.com", rows[^1].Login);
        Assert.Equal(bytes.Length, plan.Slices[^1].EndByte);
    }

    [Fact]
    public async Task PlanAsync_BlankAndEmptyRecords_AreNotRowsButCountAsLines()
    {
        var text = "\n  \nemail,firstName,lastName\n\nann@example.com,Ann,Lee\n , ,\n,,\n\t\nbo@example.com,Bo,Li\n,,\n\n";

        var (plan, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal([5, 9], rows.Select(r => r.Line));
        Assert.Equal(2, plan.RowCount);
    }

    [Fact]
    public async Task PlanAsync_FewerCellsThanTheHeader_MissingCellsAreEmpty()
    {
        var (_, rows) = await CsvTestFile.ParseAsync("email,firstName,lastName,title\nann@example.com,Ann,Lee\n");

        Assert.False(Assert.Single(rows).User!.Profile.ContainsKey("title"));
    }

    [Fact]
    public async Task PlanAsync_NonBreakingSpacesAroundAValue_AreTrimmed()
    {
        var (_, rows) = await CsvTestFile.ParseAsync("email,firstName,lastName\n\u00A0ann@example.com\u00A0,Ann,Lee\n");

        Assert.Equal("ann@example.com", Assert.Single(rows).Login);
    }

    [Fact]
    public async Task PlanAsync_RecordLongerThanTheLimit_IsAnInvalidRowAndTheNextRowsAreRead()
    {
        var text = "email,firstName,lastName\nann@example.com,Ann," + new string('x', 500) + "\nbo@example.com,Bo,Li\n";

        var (_, rows) = await CsvTestFile.ParseAsync(text, settings: CsvPlanSettings.Default with { MaxRecordChars = 200 });

        Assert.Equal(new RowError(2, null, null, "line is longer than 200 bytes") { Code = InvalidRowCodes.LineTooLong }, rows[0].Error);
        Assert.Equal("ann@example.com", rows[0].Login);
        Assert.Null(rows[1].Error);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public async Task PlanAsync_EmptyFile_FailsEmptyFile()
    {
        var failure = await CsvTestFile.PlanFailureAsync([]);

        Assert.Equal(CsvFailureCodes.EmptyFile, failure.Code);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("\n\n\r\n")]
    [InlineData(" \t \n \n")]
    [InlineData("\uFEFF")]
    public async Task PlanAsync_OnlyBlankLines_FailsNoHeader(string text)
    {
        var failure = await CsvTestFile.PlanFailureAsync(text);

        Assert.Equal(CsvFailureCodes.NoHeader, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_ZipSignature_FailsNotCsvSayingExportCsv()
    {
        byte[] bytes = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, .. CsvTestFile.Utf8("[Content_Types].xml")];

        var failure = await CsvTestFile.PlanFailureAsync(bytes);

        Assert.Equal(CsvFailureCodes.NotCsv, failure.Code);
        Assert.Contains("ZIP", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Excel", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CSV", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NulBytes_FailsBinaryFile()
    {
        var failure = await CsvTestFile.PlanFailureAsync("email,firstName,lastName\nann@example.com,A\0n,Lee\n");

        Assert.Equal(CsvFailureCodes.BinaryFile, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_ManyControlCharacters_FailsBinaryFile()
    {
        var failure = await CsvTestFile.PlanFailureAsync("email\x01\x02\x03\x04,firstName\x05\x06\x07\x08\n\x0E\x0F\x10\x11\x12");

        Assert.Equal(CsvFailureCodes.BinaryFile, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_Utf16WithoutBom_FailsBinaryFile()
    {
        var failure = await CsvTestFile.PlanFailureAsync(Encoding.Unicode.GetBytes(Sample));

        Assert.Equal(CsvFailureCodes.BinaryFile, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_HeaderOnly_FailsNoRows()
    {
        var failure = await CsvTestFile.PlanFailureAsync("email,firstName,lastName\n,,\n\n");

        Assert.Equal(CsvFailureCodes.NoRows, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_MoreColumnsThanAllowed_FailsTooManyColumns()
    {
        var failure = await CsvTestFile.PlanFailureAsync(string.Join(",", Enumerable.Range(0, 11).Select(i => $"c{i}")) + "\n", settings: CsvPlanSettings.Default with { MaxColumns = 10 });

        Assert.Equal(CsvFailureCodes.TooManyColumns, failure.Code);
        Assert.Contains("more than 10 columns (11)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_HeaderLongerThanARecordMayBe_FailsHeaderTooLong()
    {
        var failure = await CsvTestFile.PlanFailureAsync("email," + new string('x', 300) + "\n", settings: CsvPlanSettings.Default with { MaxRecordChars = 100 });

        Assert.Equal(CsvFailureCodes.HeaderTooLong, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_MalformedHeaderQuoting_FailsMalformedHeader()
    {
        var failure = await CsvTestFile.PlanFailureAsync("email,\"first\"Name,lastName\nann@example.com,Ann,Lee\n");

        Assert.Equal(CsvFailureCodes.MalformedHeader, failure.Code);
        Assert.Contains("column 2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NonSeekableTricklingStream_PlansTheSame()
    {
        var bytes = CsvTestFile.Utf8("email,firstName,lastName\r\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"u{i}@example.com,Zoë,\"Lee\r\n{i}\"\r\n")));
        var expected = await CsvTestFile.PlanOkAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 7 });

        var result = await CsvJobReader.PlanAsync(new TrickleStream(bytes, seed: 11, maxRead: 3), "users.csv", new JobOptions(), CsvPlanSettings.Default with { TargetSliceRows = 7 }, CsvTestFile.Cancel);

        Assert.Equal(expected.Slices, result.Plan!.Slices);
    }

    [Fact]
    public async Task PlanAsync_Canceled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CsvJobReader.PlanAsync(new MemoryStream(CsvTestFile.Utf8(Sample)), "users.csv", new JobOptions(), CsvPlanSettings.Default, cancellation.Token));
    }
}
