namespace Ferry.Core.Auth0;

/// <summary>A problem with one field of a user, before it is placed in the file (line, column).</summary>
/// <param name="Path">The Auth0 path of the field (<c>custom_password_hash.hash.value</c>); null for the whole record.</param>
internal readonly record struct Auth0Problem(string? Path, string Code, string Message);
