namespace Ferry.Core.Auth0;

/// <summary>One CSV column mapped to the user: its header as written, its 1-based number, and where its value goes.</summary>
/// <param name="Segments">The JSON path's property names (<c>["custom_password_hash", "hash", "value"]</c>); empty when ignored.</param>
internal sealed record Auth0CsvColumn(string Header, int Number, Auth0CsvColumnKind Kind, IReadOnlyList<string> Segments)
{
    public string Path { get; } = string.Join('.', Segments);
}
