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
    public async Task PlanAsync_SlicesOfTargetSize_LastSliceTakesTheRest()
    {
        var text = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"u{i}@example.com,A,B\n"));

        var plan = await CsvTestFile.PlanOkAsync(CsvTestFile.Utf8(text), settings: CsvPlanSettings.Default with { TargetSliceRows = 4 });

        Assert.Equal([4, 4, 2], plan.Slices.Select(s => s.RowCount));
        Assert.Equal([1, 5, 9], plan.Slices.Select(s => s.FirstRow));
        Assert.Equal([2, 6, 10], plan.Slices.Select(s => s.FirstLine));
        Assert.Equal("email,firstName,lastName\n".Length, plan.Slices[0].StartByte);
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
