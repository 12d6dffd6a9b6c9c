using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Core.Validation;

/// <summary>
/// 128-bit keys for finding repeated users in a file without keeping every login in memory. Logins compare as Okta
/// compares them, ignoring case and diacritics (<c>José</c> = <c>jose</c>); emails ignoring case.
/// </summary>
public static class IdentityKeys
{
    private const int StackLimit = 256;

    /// <summary>The login as Okta compares it: decomposed (FormD), without non-spacing marks, upper-cased invariantly.</summary>
    public static string NormalizeLogin(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        if (Ascii.IsValid(login))
        {
            return login.ToUpperInvariant();
        }

        var decomposed = login.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().ToUpperInvariant();
    }

    public static UInt128 Login(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return Ascii.IsValid(login) ? UpperHash(login) : Hash(NormalizeLogin(login));
    }

    public static UInt128 Email(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return UpperHash(email);
    }

    private static UInt128 UpperHash(string text)
    {
        char[]? rented = null;
        var buffer = text.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        var upper = buffer[..text.Length];
        text.AsSpan().ToUpperInvariant(upper);
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(upper));
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return key;
    }

    private static UInt128 Hash(string normalized) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(normalized.AsSpan()));
}
