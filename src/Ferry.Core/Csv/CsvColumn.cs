namespace Ferry.Core.Csv;

/// <summary>One header cell and what it maps to.</summary>
/// <param name="Index">0-based position in the record.</param>
/// <param name="Header">The header text as written in the file (used in error messages).</param>
/// <param name="Kind">What the column feeds.</param>
/// <param name="Attribute">For <see cref="FieldKind.Profile"/>: the Okta attribute name (<c>login</c>, <c>email</c>, <c>firstName</c>, a custom name…).</param>
public sealed record CsvColumn(int Index, string Header, FieldKind Kind, string? Attribute = null);
