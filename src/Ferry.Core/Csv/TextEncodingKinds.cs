using System.Text;

namespace Ferry.Core.Csv;

/// <summary>Between <see cref="TextEncodingKind"/> and the <see cref="Encoding"/> a <see cref="CsvFormat"/> carries.</summary>
internal static class TextEncodingKinds
{
    public static Encoding ToEncoding(this TextEncodingKind kind) => kind switch
    {
        TextEncodingKind.Utf16LittleEndian => Encoding.Unicode,
        TextEncodingKind.Utf16BigEndian => Encoding.BigEndianUnicode,
        _ => Encoding.UTF8,
    };

    public static TextEncodingKind FromEncoding(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.CodePage switch
        {
            1200 => TextEncodingKind.Utf16LittleEndian,
            1201 => TextEncodingKind.Utf16BigEndian,
            65001 => TextEncodingKind.Utf8,
            _ => throw new ArgumentException($"Ferry reads UTF-8 and UTF-16 files, not {encoding.WebName}", nameof(encoding)),
        };
    }
}
