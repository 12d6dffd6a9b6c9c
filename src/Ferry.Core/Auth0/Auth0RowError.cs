namespace Ferry.Core.Auth0;

/// <summary>
/// Why one input record is not sent to Auth0. The message names the field and never contains a password hash, salt,
/// key or MFA secret.
/// </summary>
/// <param name="Line">The 1-based file line: where the record starts, or where a JSON syntax error is.</param>
/// <param name="Column">
/// The 1-based column: the CSV column's number, or for JSON the character column of the syntax error or of the record's start.
/// </param>
/// <param name="Field">The CSV column header, or the JSON path (<c>custom_password_hash.hash.encoding</c>); null for the whole record.</param>
/// <param name="Code">A stable code from <see cref="Auth0RowErrorCodes"/>.</param>
/// <param name="Message">What is wrong and, where it helps, what to do.</param>
public sealed record Auth0RowError(int Line, int Column, string? Field, string Code, string Message)
{
    /// <summary>The error as <c>file:line:column: message</c>.</summary>
    public string Format(string fileName) => $"{fileName}:{Line}:{Column}: {Message}";

    public override string ToString() => Format("input");
}
