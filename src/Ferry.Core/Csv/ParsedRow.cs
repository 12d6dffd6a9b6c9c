namespace Ferry.Core.Csv;

/// <summary>One data record as read: either a valid <see cref="UserRow"/> or the <see cref="RowError"/> that makes it invalid.</summary>
/// <param name="Row">1-based data row number.</param>
/// <param name="Line">The file line the record starts on.</param>
/// <param name="Login">The login (or email) cell as read, when there is one, for reporting an invalid row.</param>
/// <param name="Email">The email cell as read, when there is one.</param>
public sealed record ParsedRow(int Row, int Line, string? Login, string? Email, UserRow? User, RowError? Error)
{
    /// <summary>The file offset the record starts at (where a read of the rest of its slice may begin).</summary>
    public long StartByte { get; init; }
}
