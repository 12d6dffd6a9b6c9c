using System.Text;
using CsvHelper;
using Ferry.Core.Csv;

namespace Ferry.Core.Tests.Csv;

/// <summary>
/// The record scanner of <see cref="CsvRecordStream"/> against CsvHelper itself, on text made of the characters that
/// matter (quotes, separators, CR, LF, spaces, tabs, multi-byte text): the same records at the same offsets and lines.
/// </summary>
public sealed class CsvRecordStreamTests
{
    private const string Alphabet = "aé\",,  \t\r\n\n;\"😀x";
    private const string Separators = ",;\t";

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 400)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReadAsync_RandomQuotingAndLineBreaks_SameRecordsAsCsvHelper(int seed)
    {
        var text = RandomText(seed);
        var bytes = Encoding.UTF8.GetBytes(text);
        var expected = await CsvHelperRecordsAsync(bytes, Separators[seed % 3]);

        var actual = await RecordsAsync(bytes, TextEncodingKind.Utf8, fileStart: 0, maxRecordBytes: 1 << 20, seed);

        Assert.Equal(expected.Select(e => (e.Offset, e.Line, Join(e.Fields))), actual.Select(a => (a.Span.FileStart, (long)a.Span.StartLine + 1, Join(a.Fields))));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReadAsync_Utf16_SameRecordsAsCsvHelperAtTwiceTheCharOffsets(int seed)
    {
        var text = RandomText(seed);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var expected = await CsvHelperRecordsAsync(utf8, Separators[seed % 3]);
        var bigEndian = seed % 2 == 0;
        var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
        byte[] utf16 = [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

        var actual = await RecordsAsync(utf16, bigEndian ? TextEncodingKind.Utf16BigEndian : TextEncodingKind.Utf16LittleEndian, fileStart: 2, maxRecordBytes: 1 << 20, seed);

        Assert.Equal(
            expected.Select(e => (2 + (2L * Encoding.UTF8.GetCharCount(utf8.AsSpan(0, (int)e.Offset))), e.Line, Join(e.Fields))),
            actual.Select(a => (a.Span.FileStart, (long)a.Span.StartLine + 1, Join(a.Fields))));
        Assert.All(actual.Zip(actual.Skip(1)), pair => Assert.True(pair.First.Span.FileEnd <= pair.Second.Span.FileStart));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReadAsync_RecordsOverTheLimit_AreCutWithoutMovingAnyRecordOrLine(int seed)
    {
        var bytes = Encoding.UTF8.GetBytes(RandomText(seed));
        var limit = 1 + (seed % 23);
        var whole = await RecordsAsync(bytes, TextEncodingKind.Utf8, fileStart: 0, maxRecordBytes: 1 << 20, seed);

        var cut = await RecordsAsync(bytes, TextEncodingKind.Utf8, fileStart: 0, maxRecordBytes: limit, seed + 1, Separators[seed % 3]);

        Assert.Equal(
            whole.Select(r => r.Span with { OutStart = 0, Truncated = false, UnclosedQuote = false }),
            cut.Select(r => r.Span with { OutStart = 0, Truncated = false, UnclosedQuote = false }));
        foreach (var (full, capped) in whole.Zip(cut))
        {
            if (!full.Span.UnclosedQuote)
            {
                var content = full.Span.FileEnd - full.Span.FileStart - Terminator(bytes, full.Span.FileEnd) - LeadingWhitespace(bytes, full.Span.FileStart, Separators[seed % 3]);
                Assert.Equal(content > limit, capped.Span.Truncated);
            }

            if (!capped.Span.Truncated)
            {
                Assert.Equal(full.Fields, capped.Fields);
            }
        }
    }

    [Fact]
    public async Task ReadAsync_TenMegabyteLine_IsCutAndTheNextRecordIsRead()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n" + new string('x', 10 * 1024 * 1024) + ",tail\nnext,row\n");

        var records = await RecordsAsync(bytes, TextEncodingKind.Utf8, fileStart: 0, maxRecordBytes: 1 << 20, seed: 3, separator: ',');

        Assert.Equal(3, records.Count);
        Assert.True(records[1].Span.Truncated);
        Assert.Equal(1 << 20, records[1].Fields.Single().Length);
        Assert.Equal((4L, bytes.Length - 9L), (records[1].Span.FileStart, records[1].Span.FileEnd));
        Assert.Equal(["next", "row"], records[2].Fields);
        Assert.Equal(2, records[2].Span.StartLine);
    }

    [Fact]
    public async Task ReadAsync_QuoteNeverClosed_RecordRunsToTheEndOfTheFile()
    {
        var bytes = Encoding.UTF8.GetBytes("a,\"b\nc,d\ne,f\n");

        var records = await RecordsAsync(bytes, TextEncodingKind.Utf8, fileStart: 0, maxRecordBytes: 1 << 20, seed: 5, separator: ',');

        var record = Assert.Single(records);
        Assert.True(record.Span.UnclosedQuote);
        Assert.Equal(bytes.Length, record.Span.FileEnd);
        Assert.Equal(1, record.Malformed);
    }

    private static string RandomText(int seed)
    {
        var random = new Random(seed);
        var elements = new List<string>();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(Alphabet);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var text = new StringBuilder();
        var length = random.Next(0, 120);
        for (var i = 0; i < length; i++)
        {
            text.Append(elements[random.Next(elements.Count)]);
        }

        return text.ToString();
    }

    private static string Join(string[] fields) => string.Join("\u0001", fields);

    private static int LeadingWhitespace(byte[] bytes, long start, char separator)
    {
        var count = 0;
        while (start + count < bytes.Length && (bytes[start + count] == ' ' || (bytes[start + count] == '\t' && separator != '\t')))
        {
            count++;
        }

        return count;
    }

    private static int Terminator(byte[] bytes, long end) =>
        end >= 2 && bytes[end - 2] == '\r' && bytes[end - 1] == '\n' ? 2
        : end >= 1 && bytes[end - 1] is (byte)'\r' or (byte)'\n' ? 1
        : 0;

    private static async Task<List<(long Offset, long Line, string[] Fields)>> CsvHelperRecordsAsync(byte[] utf8, char separator)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrimWhitespace = true,
            WhitespaceCharacters = separator == '\t' ? " " : " \t",
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            Encoding = Encoding.UTF8,
        };
        var records = new List<(long, long, string[])>();
        using var reader = CsvReader.Create(new MemoryStream([(byte)'\n', .. utf8]), options);
        while (await reader.ReadAsync(CsvTestFile.Cancel))
        {
            var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim()).ToArray();
            records.Add((reader.ByteOffset - 1, reader.LineNumber - 1, fields));
        }

        return records;
    }

    private static async Task<List<(CsvRecordSpan Span, string[] Fields, int Malformed)>> RecordsAsync(
        byte[] bytes,
        TextEncodingKind encoding,
        long fileStart,
        int maxRecordBytes,
        int seed,
        char? separator = null)
    {
        var records = new List<(CsvRecordSpan, string[], int)>();
        var body = new TrickleStream(bytes, (int)fileStart, bytes.Length - (int)fileStart, seed, maxRead: 1 + (seed % 9));
        await using var source = new CsvRecordSource(body, encoding, separator ?? Separators[seed % 3], maxRecordBytes, ReadOnlyMemory<byte>.Empty, fileStart);
        while (await source.ReadAsync(CsvTestFile.Cancel))
        {
            var fields = Enumerable.Range(0, source.FieldCount).Select(source.GetTrimmedString).ToArray();
            records.Add((source.Span, fields, source.MalformedField));
        }

        return records;
    }
}
