using System.Text;

namespace Ferry.Core.Validation;

/// <summary>
/// The logins and emails of the valid rows seen so far, as 128-bit keys (<see cref="IdentityKeys"/>) with their lines:
/// a million rows fit in tens of megabytes, and a repeat is found without keeping the text. A row whose email is its
/// login (the usual case) is stored once, flagged as both.
/// </summary>
internal sealed class DuplicateIndex
{
    private const int AlsoEmail = int.MinValue;

    private readonly KeyLineTable _logins = new();
    private readonly KeyLineTable _emails = new();

    /// <summary>
    /// Records a valid row's login and email, or, when an earlier row has the same login (checked first) or email,
    /// returns false with that row's line.
    /// </summary>
    public bool TryAdd(string login, string? email, int line, out int earlierLine, out bool byEmail)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line);
        byEmail = false;
        var loginKey = IdentityKeys.Login(login);
        if (_logins.TryGetValue(loginKey, out var found))
        {
            earlierLine = found & int.MaxValue;
            return false;
        }

        if (email is null)
        {
            _logins.Add(loginKey, line);
            earlierLine = 0;
            return true;
        }

        var emailKey = ReferenceEquals(email, login) || (email.Equals(login, StringComparison.Ordinal) && Ascii.IsValid(email))
            ? loginKey
            : IdentityKeys.Email(email);
        byEmail = true;
        if (_emails.TryGetValue(emailKey, out found))
        {
            earlierLine = found;
            return false;
        }

        // An earlier row whose email was its login is in the login table, flagged.
        if (emailKey != loginKey && _logins.TryGetValue(emailKey, out found) && (found & AlsoEmail) != 0)
        {
            earlierLine = found & int.MaxValue;
            return false;
        }

        byEmail = false;
        earlierLine = 0;
        if (emailKey == loginKey)
        {
            _logins.Add(loginKey, line | AlsoEmail);
        }
        else
        {
            _logins.Add(loginKey, line);
            _emails.Add(emailKey, line);
        }

        return true;
    }
}
