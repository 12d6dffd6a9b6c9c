using System.Text;
using CsvHelper;
using Ferry.Core.Csv;

namespace Ferry.Core.Tests.Csv;

public sealed class CsvSliceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 150)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReadSliceAsync_GeneratedFiles_YieldTheRowsOfThePlanOnceEach(int seed)
    {
        var file = GeneratedCsv.Create(seed);
        var settings = CsvPlanSettings.Default with { TargetSliceRows = 1 + (seed % 7), MaxFirstErrors = int.MaxValue };
        var plan = await CsvTestFile.PlanOkAsync(file.Bytes, settings: settings);

        var rows = await CsvTestFile.ReadSlicesAsync(file.Bytes, plan, seed);

        CsvTestFile.AssertAgrees(plan, rows);
        Assert.Equal(file.HeaderEnd, plan.Slices[0].StartByte);
        Assert.Equal(file.Bytes.Length, plan.Slices[^1].EndByte);
        Assert.Equal(file.Rows.Select(r => (r.Line, r.Login)), rows.Select(r => (r.Line, r.Login!)));
        foreach (var (row, expected) in rows.Zip(file.Rows))
        {
            if (row.User is not null)
            {
                Assert.Equal(expected.FirstName, row.User.Profile["firstName"]);
            }
        }

        Assert.Equal(rows.Select(CsvTestFile.Describe), (await CsvTestFile.ReadAllAsync(file.Bytes, plan)).Select(CsvTestFile.Describe));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task PlanAsync_GeneratedUtf8Files_SliceStartsAreWhereCsvHelperSeesTheRecords(int seed)
    {
        var file = GeneratedCsv.Create(seed);
        if (file.Encoding is not UTF8Encoding)
        {
            return;
        }

        var plan = await CsvTestFile.PlanOkAsync(file.Bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 2 });
        var records = new Dictionary<long, long>();
        var options = CsvReaderOptions.Default with { Separator = plan.Format.Delimiter, HasHeader = false, TrimWhitespace = true, TrackLineNumbers = true };
        using (var reader = CsvReader.Create(new MemoryStream(file.Bytes), options))
        {
            while (await reader.ReadAsync(CsvTestFile.Cancel))
            {
                records[reader.ByteOffset] = reader.LineNumber;
            }
        }

        foreach (var slice in plan.Slices.Skip(1))
        {
            Assert.True(records.TryGetValue(slice.StartByte, out var line), $"no record starts at byte {slice.StartByte}");
            Assert.Equal(slice.FirstLine, line);
        }
    }

    [Fact]
    public async Task ReadSliceAsync_FileLargerThanTheBuffers_SlicesCoverItExactly()
    {
        var text = new StringBuilder("email,firstName,lastName,groups\r\n");
        for (var i = 0; i < 6000; i++)
        {
            text.Append($"user{i}@example.com,Zoë {i},\"Lee\r\n{i}\",\"Gröup {i % 9}; Ünit\"\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var plan = await CsvTestFile.PlanOkAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 97 });

        var rows = await CsvTestFile.ReadSlicesAsync(bytes, plan, seed: 49);

        CsvTestFile.AssertAgrees(plan, rows);
        Assert.Equal(6000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 6000).Select(i => 2 + (2 * i)), rows.Select(r => r.Line));
        Assert.Equal(bytes.Length, plan.Slices[^1].EndByte);
        Assert.Equal("Lee\r\n5999", rows[^1].User!.Profile["lastName"]);
        Assert.Equal(9, plan.GroupNames.Count(n => n.StartsWith("Gröup", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PlanAsync_FewestSlicesOfAtMostTheTarget_OfEqualSize()
    {
        var text = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"u{i}@example.com,A,B\n"));

        var plan = await CsvTestFile.PlanOkAsync(CsvTestFile.Utf8(text), settings: CsvPlanSettings.Default with { TargetSliceRows = 4 });

        // Three slices (not 4, 4, 2): the last one does not lag behind.
        Assert.Equal([3, 3, 4], plan.Slices.Select(s => s.RowCount));
        Assert.Equal([1, 4, 7], plan.Slices.Select(s => s.FirstRow));
        Assert.Equal([2, 5, 8], plan.Slices.Select(s => s.FirstLine));
        Assert.Equal("email,firstName,lastName\n".Length, plan.Slices[0].StartByte);
    }

    [Theory]
    [InlineData(10_000, 3000, 4, 4)] // 4 of 2,500: one round, every lane busy to the end
    [InlineData(12_001, 3000, 4, 8)] // 5 slices would leave one lane running the fifth alone
    [InlineData(5_000, 3000, 4, 2)] // fewer slices than lanes: as few as the target allows
    [InlineData(100_000, 3000, 4, 36)]
    [InlineData(1_000, 3000, 4, 1)]
    [InlineData(10_000, 3000, 1, 4)]
    [InlineData(12_000, 3000, 1, 5)] // 4 of 3,000 but for the cuts' spacing: never a slice over the target
    [InlineData(300_000, 64, 4, 5360)] // over 65,536 marks: every other one dropped, cuts twice as coarse
    public async Task PlanAsync_SliceCount_IsAMultipleOfTheLanes_WhenThereAreMoreSlices(int rows, int target, int lanes, int slices)
    {
        var text = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"u{i}@example.com,A,B\n"));
        var bytes = CsvTestFile.Utf8(text);

        var plan = await CsvTestFile.PlanOkAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = target, Lanes = lanes });

        Assert.Equal(slices, plan.Slices.Count);
        Assert.Equal(rows, plan.Slices.Sum(s => s.RowCount));
        Assert.All(plan.Slices, s => Assert.InRange(s.RowCount, 1, target));
        // Equal shares, to within an eighth of the target.
        Assert.InRange(plan.Slices.Max(s => s.RowCount) - plan.Slices.Min(s => s.RowCount), 0, target / 8);
        // Contiguous byte ranges from the header's end to the file's end, each starting at its first row.
        Assert.Equal(bytes.Length, plan.Slices[^1].EndByte);
        for (var i = 1; i < plan.Slices.Count; i++)
        {
            Assert.Equal(plan.Slices[i - 1].EndByte, plan.Slices[i].StartByte);
            Assert.Equal(plan.Slices[i - 1].FirstRow + plan.Slices[i - 1].RowCount, plan.Slices[i].FirstRow);
        }
    }

    [Fact]
    public async Task ReadSliceAsync_BytesOfAnotherSlice_Throws()
    {
        var text = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"u{i}@example.com,A,B\n"));
        var bytes = CsvTestFile.Utf8(text);
        var plan = await CsvTestFile.PlanOkAsync(bytes, settings: CsvPlanSettings.Default with { TargetSliceRows = 4 });
        var last = plan.Slices[^1];
        var wrong = new MemoryStream(bytes, (int)plan.Slices[0].StartByte, (int)(plan.Slices[0].EndByte - plan.Slices[0].StartByte));

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in CsvJobReader.ReadSliceAsync(wrong, plan, last, CsvTestFile.Cancel))
            {
            }
        });
    }
}
