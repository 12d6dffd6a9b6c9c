using System.IO.Hashing;
using System.Runtime.InteropServices;
using Ferry.Core.Validation;

namespace Ferry.Core.Auth0;

/// <summary>
/// The emails, user_ids and usernames of the valid users seen so far, as 128-bit keys with their lines. Emails and
/// usernames compare ignoring case (as Auth0 compares them); user_ids exactly.
/// </summary>
internal sealed class Auth0KeyIndex
{
    private readonly KeyLineTable _emails = new();
    private readonly KeyLineTable _userIds = new();
    private readonly KeyLineTable _usernames = new();

    /// <summary>Records a valid user's keys, or returns false with the first repeated key and its earlier line (adding none).</summary>
    public bool TryAdd(string? email, string? userId, string? username, int line, out string key, out int firstLine)
    {
        var emailKey = email is null ? (UInt128?)null : IdentityKeys.Email(email);
        var userIdKey = userId is null ? (UInt128?)null : XxHash128.HashToUInt128(MemoryMarshal.AsBytes(userId.AsSpan()));
        var usernameKey = username is null ? (UInt128?)null : IdentityKeys.Email(username);
        foreach (var (name, table, value) in (ReadOnlySpan<(string, KeyLineTable, UInt128?)>)[("email", _emails, emailKey), ("user_id", _userIds, userIdKey), ("username", _usernames, usernameKey)])
        {
            if (value is { } k && table.TryGetValue(k, out firstLine))
            {
                key = name;
                return false;
            }
        }

        foreach (var (table, value) in (ReadOnlySpan<(KeyLineTable, UInt128?)>)[(_emails, emailKey), (_userIds, userIdKey), (_usernames, usernameKey)])
        {
            if (value is { } k)
            {
                table.Add(k, line);
            }
        }

        key = string.Empty;
        firstLine = 0;
        return true;
    }
}
