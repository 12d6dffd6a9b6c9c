using System.Text.RegularExpressions;

namespace Ferry.Core.Validation;

/// <summary>
/// Okta's email shape: an RFC 5322 addr-spec in its common dot-atom form with a dotted domain. Letters and digits of
/// any script are allowed (Okta accepts internationalized addresses such as isáàc.bröck@example.com). The same
/// language as the sandbox's check, written separately so that the two projects share no code.
/// </summary>
public static partial class EmailAddress
{
    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Pattern().IsMatch(value);
    }

    [GeneratedRegex(@"^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?(\.[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
