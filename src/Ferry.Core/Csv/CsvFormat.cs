using System.Text;

namespace Ferry.Core.Csv;

/// <summary>How a file is encoded and delimited, detected from its first bytes and its header line.</summary>
/// <param name="Encoding">UTF-8 (with or without BOM) or UTF-16 LE/BE (with BOM).</param>
/// <param name="PreambleLength">Bytes of BOM at the start of the file (0, 2 or 3).</param>
/// <param name="Delimiter">Comma, semicolon or tab.</param>
public sealed record CsvFormat(Encoding Encoding, int PreambleLength, char Delimiter);
