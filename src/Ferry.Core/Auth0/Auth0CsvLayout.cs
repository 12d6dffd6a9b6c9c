namespace Ferry.Core.Auth0;

/// <summary>What a chunk reader needs to read a CSV file's records without its header line.</summary>
/// <param name="Encoding">The file's encoding by web name: <c>utf-8</c>, <c>utf-16</c> (little-endian) or <c>utf-16BE</c>.</param>
/// <param name="PreambleLength">Bytes of byte order mark at the start of the file.</param>
/// <param name="Delimiter">Comma, semicolon or tab.</param>
/// <param name="Headers">The header cells as written (trimmed), mapped again by every chunk read.</param>
public sealed record Auth0CsvLayout(string Encoding, int PreambleLength, char Delimiter, IReadOnlyList<string> Headers);
