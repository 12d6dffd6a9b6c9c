using System.Globalization;
using System.Text;

namespace Ferry.Sandbox.Directory;

/// <summary>
/// Okta treats logins that differ only in case or diacritical marks as the same login
/// (<c>Isaac.Brock</c>, <c>isaac.brock</c> and <c>isáàc.bröck</c> collide). This is that comparison key.
/// </summary>
public static class LoginKey
{
    public static string For(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var decomposed = login.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }

    /// <summary>The part before '@', which Okta accepts as a sign-in "short name" when unambiguous.</summary>
    public static string ShortName(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var at = login.IndexOf('@', StringComparison.Ordinal);
        return For(at < 0 ? login : login[..at]);
    }
}
