using System.Security.Cryptography;

namespace Ferry.Sandbox.Okta;

/// <summary>Identifiers shaped like Okta's: a 3-character type prefix and 17 alphanumerics (20 in all).</summary>
public static class OktaIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public const string UserPrefix = "00u";
    public const string GroupPrefix = "00g";
    public const string UserTypePrefix = "oty";

    public static string NewUserId() => New(UserPrefix, 17);

    public static string NewGroupId() => New(GroupPrefix, 17);

    /// <summary>Okta's errorId values look like <c>oaePVSLIYnIQsC0B-ptBIllVA</c>.</summary>
    public static string NewErrorId() => New("oae", 22);

    public static string NewActivationToken() => New(string.Empty, 20);

    public static string NewRequestId() => New(string.Empty, 24);

    public static string New(string prefix, int randomLength)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return string.Create(prefix.Length + randomLength, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            RandomNumberGenerator.GetItems(Alphabet, span[p.Length..]);
        });
    }
}
