using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Users;

/// <summary>
/// Okta's default password policy for plain passwords, and the shape rules for imported hashes
/// (<c>PasswordCredentialHash</c>: BCRYPT, SHA-512, SHA-256, SHA-1, MD5, PBKDF2).
/// Every method returns the failure causes; an empty list means the credential is acceptable.
/// </summary>
public static class PasswordRules
{
    public const string PolicyMessage =
        "password: Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, " +
        "an uppercase letter, a number, no parts of your username.";

    private const string BcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly Dictionary<string, int> DigestBytes = new(StringComparer.Ordinal)
    {
        ["SHA-512"] = 64,
        ["SHA-256"] = 32,
        ["SHA-1"] = 20,
        ["MD5"] = 16,
    };

    public static IReadOnlyList<string> Algorithms { get; } = ["BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2"];

    /// <summary>Okta's default policy: 8+ characters, lower, upper, digit, and no part of the username.</summary>
    public static List<string> CheckPlain(string password, string? login)
    {
        ArgumentNullException.ThrowIfNull(password);
        var ok = password.Length >= 8
            && password.Any(char.IsLower)
            && password.Any(char.IsUpper)
            && password.Any(char.IsDigit)
            && !ContainsUsernamePart(password, login);
        return ok ? [] : [PolicyMessage];
    }

    public static List<string> CheckHash(JsonObject hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var algorithm = Text(hash, "algorithm");
        if (algorithm is null)
        {
            return ["password: hash.algorithm is required"];
        }

        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            return [$"password: '{algorithm}' is not a supported hash algorithm; supported: {string.Join(", ", Algorithms)}"];
        }

        var value = Text(hash, "value");
        if (string.IsNullOrEmpty(value))
        {
            return ["password: hash.value is required"];
        }

        return algorithm switch
        {
            "BCRYPT" => CheckBcrypt(hash, value),
            "PBKDF2" => CheckPbkdf2(hash, value),
            _ => CheckDigest(hash, value, DigestBytes[algorithm]),
        };
    }

    private static List<string> CheckBcrypt(JsonObject hash, string value)
    {
        var failures = new List<string>();
        if (Integer(hash, "workFactor") is not { } workFactor)
        {
            failures.Add("password: hash.workFactor is required for BCRYPT");
        }
        else if (workFactor is < 1 or > 20)
        {
            failures.Add("password: hash.workFactor must be between 1 and 20");
        }

        var salt = Text(hash, "salt");
        if (salt is null || salt.Length != 22 || !salt.All(BcryptAlphabet.Contains))
        {
            failures.Add("password: hash.salt must be 22 radix-64 characters for BCRYPT");
        }

        if (value.Length != 31 || !value.All(BcryptAlphabet.Contains))
        {
            failures.Add("password: hash.value must be 31 radix-64 characters for BCRYPT");
        }

        return failures;
    }

    private static List<string> CheckDigest(JsonObject hash, string value, int digestBytes)
    {
        var failures = new List<string>();
        if (Base64Length(value) != digestBytes)
        {
            failures.Add($"password: hash.value must be the base64 encoding of a {digestBytes}-byte digest");
        }

        if (hash.ContainsKey("salt"))
        {
            var salt = Text(hash, "salt");
            if (string.IsNullOrEmpty(salt))
            {
                failures.Add("password: hash.salt must not be empty; omit it for an unsalted hash");
            }
            else if (Base64Length(salt) is null)
            {
                failures.Add("password: hash.salt must be base64");
            }

            if (Text(hash, "saltOrder") is not ("PREFIX" or "POSTFIX"))
            {
                failures.Add("password: hash.saltOrder must be PREFIX or POSTFIX for a salted hash");
            }
        }

        return failures;
    }

    private static List<string> CheckPbkdf2(JsonObject hash, string value)
    {
        var failures = new List<string>();
        if (Integer(hash, "iterationCount") is not { } iterations || iterations < 4096)
        {
            failures.Add("password: hash.iterationCount must be at least 4096 for PBKDF2");
        }

        var keySize = Integer(hash, "keySize");
        if (keySize is not > 0)
        {
            failures.Add("password: hash.keySize is required for PBKDF2");
        }

        if (Text(hash, "digestAlgorithm") is not ("SHA256_HMAC" or "SHA512_HMAC"))
        {
            failures.Add("password: hash.digestAlgorithm must be SHA256_HMAC or SHA512_HMAC for PBKDF2");
        }

        if (Text(hash, "salt") is not { Length: > 0 } salt || Base64Length(salt) is null)
        {
            failures.Add("password: hash.salt is required for PBKDF2 and must be base64");
        }

        var length = Base64Length(value);
        if (length is null || (keySize is > 0 && length != keySize))
        {
            failures.Add("password: hash.value must be the base64 encoding of a keySize-byte derived key");
        }

        return failures;
    }

    private static bool ContainsUsernamePart(string password, string? login)
    {
        if (string.IsNullOrEmpty(login))
        {
            return false;
        }

        var parts = login.Split(['@', '.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => p.Length >= 3 && password.Contains(p, StringComparison.OrdinalIgnoreCase));
    }

    private static int? Base64Length(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? written : null;
    }

    private static string? Text(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Integer(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && v.TryGetValue<long>(out var n)
            ? n
            : null;
}
