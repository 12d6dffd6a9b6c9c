namespace Ferry.Core.Csv;

/// <summary>The encodings Ferry reads: UTF-8 (BOM optional) and UTF-16 with a BOM.</summary>
internal enum TextEncodingKind
{
    Utf8,
    Utf16LittleEndian,
    Utf16BigEndian,
}
