namespace Ferry.Core.Auth0;

/// <summary>One input record read and checked: where it is, its user's compact JSON (when valid) and its keys.</summary>
internal sealed record Auth0InputRecord(
    long StartByte,
    long EndByte,
    int Line,
    int Column,
    byte[]? Json,
    Auth0RowError? Error,
    string? Email,
    string? UserId,
    string? Username)
{
    /// <summary>The 1-based column and header (or path) of a field, for errors about it.</summary>
    public Func<string, (int Column, string Field)> Locate { get; init; } = path => (Column, path);
}
