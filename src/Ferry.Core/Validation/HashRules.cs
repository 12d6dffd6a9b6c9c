using System.Globalization;
using Ferry.Core.Csv;

namespace Ferry.Core.Validation;

/// <summary>
/// The shape rules Okta applies to an imported hash (<c>PasswordCredentialHash</c>: BCRYPT, SHA-512, SHA-256, SHA-1,
/// MD5, PBKDF2), applied to a row's hash columns before anything is sent. Problems name the column and never quote a
/// hash value or salt.
/// </summary>
public static class HashRules
{
    public const string Bcrypt = "BCRYPT";
    public const string Sha512 = "SHA-512";
    public const string Sha256 = "SHA-256";
    public const string Sha1 = "SHA-1";
    public const string Md5 = "MD5";
    public const string Pbkdf2 = "PBKDF2";

    private const string BcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string AlgorithmList = "BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2";

    /// <summary>Okta's algorithm names.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = [Bcrypt, Sha512, Sha256, Sha1, Md5, Pbkdf2];

    /// <summary>
    /// Checks the hash columns of a row that has at least one of them, and returns the hash with Okta's spellings
    /// (algorithm, salt order and digest algorithm upper-cased; an empty salt omitted), or the first problem.
    /// </summary>
    public static (HashedPassword? Hash, HashProblem? Problem) Check(HashCells cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Algorithm is null)
        {
            return Fail(FieldKind.HashAlgorithm, $"hashAlgorithm is empty; use {AlgorithmList}");
        }

        var algorithm = NormalizeAlgorithm(cells.Algorithm);
        if (algorithm is null)
        {
            var shown = IsHarmlessName(cells.Algorithm) ? $"'{cells.Algorithm}' " : string.Empty;
            return Fail(FieldKind.HashAlgorithm, $"hashAlgorithm {shown}is not supported; use {AlgorithmList}");
        }

        if (cells.Value is null)
        {
            return Fail(FieldKind.HashValue, "hashValue is empty");
        }

        return algorithm switch
        {
            Bcrypt => CheckBcrypt(cells, cells.Value),
            Pbkdf2 => CheckPbkdf2(cells, cells.Value),
            _ => CheckDigest(cells, algorithm, cells.Value),
        };
    }

    /// <summary>Okta's spelling of an algorithm written in any case, with or without its dash; null when unsupported.</summary>
    public static string? NormalizeAlgorithm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return compact.ToUpperInvariant() switch
        {
            "BCRYPT" => Bcrypt,
            "SHA512" => Sha512,
            "SHA256" => Sha256,
            "SHA1" => Sha1,
            "MD5" => Md5,
            "PBKDF2" => Pbkdf2,
            _ => null,
        };
    }

    private static (HashedPassword?, HashProblem?) CheckBcrypt(HashCells cells, string value)
    {
        var (workFactor, problem) = Integer(cells.WorkFactor, FieldKind.WorkFactor, "workFactor", "BCRYPT");
        if (problem is not null)
        {
            return (null, problem);
        }

        if (workFactor is < 1 or > 20)
        {
            return Fail(FieldKind.WorkFactor, "workFactor must be between 1 and 20 for BCRYPT");
        }

        if (cells.Salt is not { Length: 22 } salt || !IsRadix64(salt))
        {
            return Fail(FieldKind.Salt, "salt must be 22 radix-64 characters (./A-Za-z0-9) for BCRYPT");
        }

        if (value.Length != 31 || !IsRadix64(value))
        {
            return Fail(FieldKind.HashValue, "hashValue must be 31 radix-64 characters (./A-Za-z0-9) for BCRYPT");
        }

        return (new HashedPassword(Bcrypt, value, salt, null, workFactor, null, null, null), null);
    }

    private static (HashedPassword?, HashProblem?) CheckDigest(HashCells cells, string algorithm, string value)
    {
        var digestBytes = algorithm switch
        {
            Sha512 => 64,
            Sha256 => 32,
            Sha1 => 20,
            _ => 16,
        };
        if (Base64Length(value) != digestBytes)
        {
            return Fail(
                FieldKind.HashValue,
                string.Create(CultureInfo.InvariantCulture, $"hashValue must be the base64 encoding of a {digestBytes}-byte digest for {algorithm}"));
        }

        string? saltOrder = null;
        if (cells.Salt is not null)
        {
            if (Base64Length(cells.Salt) is null)
            {
                return Fail(FieldKind.Salt, "salt must be base64");
            }

            saltOrder = cells.SaltOrder?.ToUpperInvariant();
            if (saltOrder is not ("PREFIX" or "POSTFIX"))
            {
                return Fail(FieldKind.SaltOrder, "saltOrder must be PREFIX or POSTFIX for a salted hash");
            }
        }

        return (new HashedPassword(algorithm, value, cells.Salt, saltOrder, null, null, null, null), null);
    }

    private static (HashedPassword?, HashProblem?) CheckPbkdf2(HashCells cells, string value)
    {
        var (iterations, problem) = Integer(cells.IterationCount, FieldKind.IterationCount, "iterationCount", "PBKDF2");
        if (problem is not null)
        {
            return (null, problem);
        }

        if (iterations < 4096)
        {
            return Fail(FieldKind.IterationCount, "iterationCount must be at least 4096 for PBKDF2");
        }

        (var keySize, problem) = Integer(cells.KeySize, FieldKind.KeySize, "keySize", "PBKDF2");
        if (problem is not null)
        {
            return (null, problem);
        }

        if (keySize <= 0)
        {
            return Fail(FieldKind.KeySize, "keySize must be a positive number of bytes for PBKDF2");
        }

        var digest = cells.DigestAlgorithm?.ToUpperInvariant();
        if (digest is not ("SHA256_HMAC" or "SHA512_HMAC"))
        {
            return Fail(FieldKind.DigestAlgorithm, "digestAlgorithm must be SHA256_HMAC or SHA512_HMAC for PBKDF2");
        }

        if (cells.Salt is null || Base64Length(cells.Salt) is null)
        {
            return Fail(FieldKind.Salt, "salt is required for PBKDF2 and must be base64");
        }

        if (Base64Length(value) != keySize)
        {
            return Fail(FieldKind.HashValue, "hashValue must be the base64 encoding of a keySize-byte derived key for PBKDF2");
        }

        return (new HashedPassword(Pbkdf2, value, cells.Salt, null, null, iterations, keySize, digest), null);
    }

    private static (int? Value, HashProblem? Problem) Integer(string? text, FieldKind column, string name, string algorithm)
    {
        if (text is null)
        {
            return (null, new HashProblem(column, $"{name} is required for {algorithm}"));
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (null, new HashProblem(column, $"{name} is not a whole number"));
    }

    private static (HashedPassword?, HashProblem?) Fail(FieldKind column, string message) => (null, new HashProblem(column, message));

    private static bool IsRadix64(string text) => text.AsSpan().IndexOfAnyExcept(BcryptAlphabet) < 0;

    private static bool IsHarmlessName(string text) =>
        text.Length <= 16 && text.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    /// <summary>The number of bytes <paramref name="text"/> decodes to as base64, or null when it is not base64.</summary>
    private static int? Base64Length(string text)
    {
        var size = (text.Length * 3 / 4) + 3;
        var buffer = size <= 512 ? stackalloc byte[size] : new byte[size];
        return Convert.TryFromBase64String(text, buffer, out var written) ? written : null;
    }
}
