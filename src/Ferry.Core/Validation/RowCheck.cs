using Ferry.Core.Csv;

namespace Ferry.Core.Validation;

/// <summary>What validating one record found: the error, or the typed row (built only when asked for).</summary>
/// <param name="Login">The login as read (the email when the login cell is empty), for reports and duplicate checks.</param>
/// <param name="Email">The email as read.</param>
/// <param name="LoginFromEmail">The login was taken from the email column.</param>
/// <param name="GroupNames">The row's distinct group names (also when no <see cref="UserRow"/> is built).</param>
internal readonly record struct RowCheck(
    RowError? Error,
    string? Login,
    string? Email,
    bool LoginFromEmail,
    IReadOnlyList<string> GroupNames,
    UserRow? User);
