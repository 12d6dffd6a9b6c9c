using System.Text;
using Ferry.Core.Jobs;

namespace Ferry.Core.Csv;

/// <summary>
/// Decides from the first bytes of a file whether it is a CSV Ferry can read, how it is encoded (BOM) and delimited
/// (the most frequent of comma, semicolon and tab outside quotes on the header line), or why the job must stop.
/// </summary>
internal static class CsvFormatSniffer
{
    /// <summary>How much of the file the detection reads (the header line is looked for within it).</summary>
    public const int SampleBytes = 64 * 1024;

    /// <summary>How much of the file the binary check looks at.</summary>
    public const int BinaryCheckBytes = 8 * 1024;

    public static (CsvFormat? Format, JobFailure? Failure) Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.IsEmpty)
        {
            return Fail(CsvFailureCodes.EmptyFile, $"'{fileName}' is empty (0 bytes). Export the users again and upload the CSV file.");
        }

        if (NotCsv(head) is { } kind)
        {
            return Fail(
                CsvFailureCodes.NotCsv,
                $"'{fileName}' is not a CSV file: it looks like {kind}. Open it in its program and export or save it as CSV (UTF-8), then upload that file.");
        }

        var (encoding, preamble) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (TextEncodingKind.Utf8, 3),
            [0xFF, 0xFE, ..] => (TextEncodingKind.Utf16LittleEndian, 2),
            [0xFE, 0xFF, ..] => (TextEncodingKind.Utf16BigEndian, 2),
            _ => (TextEncodingKind.Utf8, 0),
        };
        var body = head[preamble..];
        var text = Decode(body, encoding);
        if (LooksBinary(body, text, encoding))
        {
            return Fail(
                CsvFailureCodes.BinaryFile,
                $"'{fileName}' is not a text file: its start has NUL bytes or control characters (a UTF-16 file without a byte order mark, or a binary file). Save the file as CSV UTF-8 and upload it again.");
        }

        return (new CsvFormat(encoding.ToEncoding(), preamble, DetectDelimiter(text)), null);
    }

    /// <summary>The most frequent of ',', ';' and tab outside quotes on the first line that is not blank; ',' when none appears.</summary>
    public static char DetectDelimiter(ReadOnlySpan<char> text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        var blank = true;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
                blank = false;
                continue;
            }

            if (inQuotes)
            {
                continue;
            }

            if (c is '\r' or '\n')
            {
                if (!blank)
                {
                    break;
                }

                commas = semicolons = tabs = 0;
                continue;
            }

            switch (c)
            {
                case ',':
                    commas++;
                    break;
                case ';':
                    semicolons++;
                    break;
                case '\t':
                    tabs++;
                    break;
                default:
                    blank &= char.IsWhiteSpace(c);
                    break;
            }
        }

        if (commas == 0 && semicolons == 0 && tabs == 0)
        {
            return ',';
        }

        return commas >= semicolons && commas >= tabs ? ',' : semicolons >= tabs ? ';' : '\t';
    }

    private static string? NotCsv(ReadOnlySpan<byte> head) => head switch
    {
        [0x50, 0x4B, 0x03 or 0x05 or 0x07, 0x04 or 0x06 or 0x08, ..] => "a ZIP archive, such as an Excel workbook (.xlsx) renamed to .csv",
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => "an Excel 97-2003 workbook (.xls)",
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "a PDF document",
        [0x1F, 0x8B, ..] => "a gzip-compressed file",
        _ => null,
    };

    private static string Decode(ReadOnlySpan<byte> body, TextEncodingKind encoding) => encoding switch
    {
        TextEncodingKind.Utf16LittleEndian => Encoding.Unicode.GetString(body[..(body.Length & ~1)]),
        TextEncodingKind.Utf16BigEndian => Encoding.BigEndianUnicode.GetString(body[..(body.Length & ~1)]),
        _ => Encoding.UTF8.GetString(body),
    };

    private static bool LooksBinary(ReadOnlySpan<byte> body, string text, TextEncodingKind encoding)
    {
        int sample, controls = 0;
        if (encoding == TextEncodingKind.Utf8)
        {
            var bytes = body[..Math.Min(body.Length, BinaryCheckBytes)];
            if (bytes.Contains((byte)0))
            {
                return true;
            }

            sample = bytes.Length;
            foreach (var b in bytes)
            {
                controls += IsControl((char)b) ? 1 : 0;
            }
        }
        else
        {
            var chars = text.AsSpan(0, Math.Min(text.Length, BinaryCheckBytes / 2));
            if (chars.Contains('\0'))
            {
                return true;
            }

            sample = chars.Length;
            foreach (var c in chars)
            {
                controls += IsControl(c) ? 1 : 0;
            }
        }

        // A stray control character happens in real exports; a binary file has them everywhere.
        return controls > 2 && controls * 50 > sample;
    }

    private static bool IsControl(char c) => c is (< ' ' and not ('\t' or '\n' or '\r' or '\f')) or '\x7F';

    private static (CsvFormat?, JobFailure?) Fail(string code, string message) => (null, new JobFailure(code, message));
}
