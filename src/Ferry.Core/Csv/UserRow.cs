namespace Ferry.Core.Csv;

/// <summary>A valid data row, typed.</summary>
/// <param name="Row">1-based data row number (the header is not a row).</param>
/// <param name="Line">The file line the record starts on (quoted fields may span lines).</param>
/// <param name="Login">The login; the email when the file has no login column or the cell is empty.</param>
/// <param name="Email">The email, when the file has one.</param>
/// <param name="Profile">Profile attributes with non-empty values, by Okta attribute name (login and email included).</param>
/// <param name="Password">The credential, if the row has one.</param>
/// <param name="GroupNames">Distinct group names (trimmed; first spelling kept).</param>
/// <param name="GroupIds">Distinct Okta group ids.</param>
public sealed record UserRow(
    int Row,
    int Line,
    string Login,
    string? Email,
    IReadOnlyDictionary<string, string> Profile,
    PasswordInput? Password,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> GroupIds)
{
    /// <summary>Undo jobs: the user to delete and what the source job left.</summary>
    public UndoTarget? Undo { get; init; }
}
