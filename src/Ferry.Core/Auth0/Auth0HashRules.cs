using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ferry.Core.Auth0;

/// <summary>
/// Auth0's rules for imported password hashes: <c>password_hash</c> (bcrypt) and <c>custom_password_hash</c> for every
/// algorithm it imports, each value checked to decode in its encoding. Messages name the field and never quote a
/// hash, salt or key.
/// </summary>
internal static partial class Auth0HashRules
{
    public const string Prefix = "custom_password_hash";

    public static readonly string[] Algorithms = ["argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt"];

    private static readonly string[] ValueEncodings = ["base64", "hex", "utf8"];
    private static readonly string[] PasswordEncodings = ["ascii", "utf8", "utf16le", "ucs2", "latin1", "binary"];
    private static readonly string[] HashProperties = ["algorithm", "hash", "salt", "password", "keylen", "cost", "blockSize", "parallelization"];

    private static readonly Dictionary<string, int> DigestBytes = new(StringComparer.Ordinal)
    {
        ["md4"] = 16,
        ["md5"] = 16,
        ["ripemd160"] = 20,
        ["sha1"] = 20,
        ["sha224"] = 28,
        ["sha256"] = 32,
        ["sha384"] = 48,
        ["sha512"] = 64,
    };

    private static readonly Dictionary<string, int> LdapSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = 16,
        ["SMD5"] = -16,
        ["SHA"] = 20,
        ["SSHA"] = -20,
        ["SHA256"] = 32,
        ["SSHA256"] = -32,
        ["SHA384"] = 48,
        ["SSHA384"] = -48,
        ["SHA512"] = 64,
        ["SSHA512"] = -64,
    };

    /// <summary>
    /// Checks <c>password_hash</c>: a bcrypt string (<c>$2a$</c>, <c>$2b$</c> or PHP's <c>$2y$</c>, which is sent as
    /// <c>$2b$</c>: Auth0 takes only the first two; two-digit cost, 53 characters).
    /// </summary>
    public static Auth0Problem? CheckPasswordHash(JsonElement value, Func<string, string> name)
    {
        const string Path = "password_hash";
        if (value.ValueKind != JsonValueKind.String)
        {
            return Type(Path, name, "a string");
        }

        return BcryptPattern().IsMatch(value.GetString()!)
            ? null
            : Hash(Path, $"{name(Path)} must be a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of salt and hash); for another algorithm use custom_password_hash");
    }

    /// <summary>Checks <c>custom_password_hash</c> against Auth0's schema for its algorithm.</summary>
    public static Auth0Problem? CheckCustom(JsonElement hash, Func<string, string> name)
    {
        if (hash.ValueKind != JsonValueKind.Object)
        {
            return Type(Prefix, name, "an object");
        }

        if (Unknown(hash, Prefix, HashProperties, name) is { } unknown)
        {
            return unknown;
        }

        const string AlgorithmPath = Prefix + ".algorithm";
        if (!hash.TryGetProperty("algorithm", out var algorithmElement) || algorithmElement.ValueKind != JsonValueKind.String)
        {
            return new Auth0Problem(AlgorithmPath, Auth0RowErrorCodes.Missing, $"{name(AlgorithmPath)} is required: one of {string.Join(", ", Algorithms)}");
        }

        var algorithm = algorithmElement.GetString()!;
        if (Array.IndexOf(Algorithms, algorithm) < 0)
        {
            return new Auth0Problem(AlgorithmPath, Auth0RowErrorCodes.InvalidValue, $"{name(AlgorithmPath)} is not an algorithm Auth0 imports; use one of {string.Join(", ", Algorithms)} (lower case)");
        }

        return CheckParts(hash, algorithm, name);
    }

    private static Auth0Problem? CheckParts(JsonElement hash, string algorithm, Func<string, string> name)
    {
        const string HashPath = Prefix + ".hash";
        const string ValuePath = HashPath + ".value";
        const string EncodingPath = HashPath + ".encoding";
        if (!hash.TryGetProperty("hash", out var hashPart))
        {
            return new Auth0Problem(ValuePath, Auth0RowErrorCodes.Missing, $"{name(ValuePath)} is required for {algorithm}");
        }

        if (hashPart.ValueKind != JsonValueKind.Object)
        {
            return Type(HashPath, name, "an object");
        }

        if (Unknown(hashPart, HashPath, ["value", "encoding", "digest", "key"], name) is { } unknown)
        {
            return unknown;
        }

        if (RequiredString(hashPart, "value", ValuePath, algorithm, name, out var value) is { } noValue)
        {
            return noValue;
        }

        var embedsSalt = algorithm is "argon2" or "bcrypt" or "ldap" or "pbkdf2";
        var (encoding, encodingProblem) = OptionalEnum(hashPart, "encoding", EncodingPath, ValueEncodings, name);
        if (encodingProblem is not null)
        {
            return encodingProblem;
        }

        if (embedsSalt && encoding is not (null or "utf8"))
        {
            return Invalid(EncodingPath, $"{name(EncodingPath)} must be utf8 for {algorithm} (or left out)");
        }

        if (!embedsSalt && encoding is not ("base64" or "hex"))
        {
            return encoding is null
                ? new Auth0Problem(EncodingPath, Auth0RowErrorCodes.Missing, $"{name(EncodingPath)} is required for {algorithm}: base64 or hex")
                : Invalid(EncodingPath, $"{name(EncodingPath)} must be base64 or hex for {algorithm}");
        }

        if (Only(hashPart, "digest", algorithm == "hmac", HashPath + ".digest", "hmac", name) is { } digestMisplaced)
        {
            return digestMisplaced;
        }

        if (Only(hashPart, "key", algorithm == "hmac", HashPath + ".key", "hmac", name) is { } keyMisplaced)
        {
            return keyMisplaced;
        }

        foreach (var scryptOnly in (ReadOnlySpan<string>)["keylen", "cost", "blockSize", "parallelization"])
        {
            if (Only(hash, scryptOnly, algorithm == "scrypt", Prefix + "." + scryptOnly, "scrypt", name) is { } misplaced)
            {
                return misplaced;
            }
        }

        if (hash.TryGetProperty("password", out var password) && CheckPassword(password, name) is { } passwordProblem)
        {
            return passwordProblem;
        }

        var (salt, saltProblem) = CheckSalt(hash, algorithm, embedsSalt, name);
        if (saltProblem is not null)
        {
            return saltProblem;
        }

        return algorithm switch
        {
            "argon2" => Argon2Pattern().IsMatch(value) ? null : Hash(ValuePath, $"{name(ValuePath)} must be an argon2 hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash, or $argon2i$ / $argon2d$)"),
            "bcrypt" => BcryptPattern().IsMatch(value) ? null : Hash(ValuePath, $"{name(ValuePath)} must be a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of salt and hash)"),
            "pbkdf2" => Pbkdf2Pattern().IsMatch(value) ? null : Hash(ValuePath, $"{name(ValuePath)} must be a PBKDF2 hash in PHC form ($pbkdf2-sha256$i=iterations,l=key length$salt$hash; digests sha1, sha224, sha256, sha384, sha512, md5)"),
            "ldap" => CheckLdap(value, ValuePath, name),
            "hmac" => CheckHmac(hashPart, value, encoding!, name),
            "scrypt" => CheckScrypt(hash, value, encoding!, salt, name),
            _ => CheckDigest(value, encoding!, algorithm, name),
        };
    }

    private static Auth0Problem? CheckDigest(string value, string encoding, string algorithm, Func<string, string> name)
    {
        const string ValuePath = Prefix + ".hash.value";
        var expected = DigestBytes[algorithm];
        var length = DecodedLength(value, encoding);
        if (length is null)
        {
            return Hash(ValuePath, $"{name(ValuePath)} is not valid {encoding}");
        }

        return length == expected
            ? null
            : Hash(ValuePath, Invariant($"{name(ValuePath)} must decode to {expected} bytes for {algorithm} (it decodes to {length.Value}); check the hash and its encoding"));
    }

    private static Auth0Problem? CheckHmac(JsonElement hashPart, string value, string encoding, Func<string, string> name)
    {
        const string DigestPath = Prefix + ".hash.digest";
        const string KeyPath = Prefix + ".hash.key";
        var digests = DigestBytes.Keys.ToArray();
        if (!hashPart.TryGetProperty("digest", out var digestElement))
        {
            return new Auth0Problem(DigestPath, Auth0RowErrorCodes.Missing, $"{name(DigestPath)} is required for hmac: one of {string.Join(", ", digests)}");
        }

        if (digestElement.ValueKind != JsonValueKind.String || !DigestBytes.TryGetValue(digestElement.GetString()!, out var expected))
        {
            return Invalid(DigestPath, $"{name(DigestPath)} must be one of {string.Join(", ", digests)}");
        }

        if (!hashPart.TryGetProperty("key", out var key))
        {
            return new Auth0Problem(KeyPath + ".value", Auth0RowErrorCodes.Missing, $"{name(KeyPath + ".value")} is required for hmac");
        }

        if (key.ValueKind != JsonValueKind.Object)
        {
            return Type(KeyPath, name, "an object");
        }

        if (Unknown(key, KeyPath, ["value", "encoding"], name) is { } unknown)
        {
            return unknown;
        }

        if (RequiredString(key, "value", KeyPath + ".value", "hmac", name, out var keyValue) is { } noKey)
        {
            return noKey;
        }

        if (CheckEncoded(key, keyValue, KeyPath, required: true, name) is { } keyProblem)
        {
            return keyProblem;
        }

        var digestName = digestElement.GetString()!;
        return CheckDigestLength(value, encoding, expected, $"hmac with {digestName}", name);
    }

    private static Auth0Problem? CheckScrypt(JsonElement hash, string value, string encoding, string? salt, Func<string, string> name)
    {
        const string ValuePath = Prefix + ".hash.value";
        if (salt is null)
        {
            return new Auth0Problem(Prefix + ".salt.value", Auth0RowErrorCodes.Missing, $"{name(Prefix + ".salt.value")} is required for scrypt");
        }

        int? keylen = null;
        foreach (var (property, required) in (ReadOnlySpan<(string, bool)>)[("keylen", true), ("cost", false), ("blockSize", false), ("parallelization", false)])
        {
            var path = Prefix + "." + property;
            if (!hash.TryGetProperty(property, out var number))
            {
                if (required)
                {
                    return new Auth0Problem(path, Auth0RowErrorCodes.Missing, $"{name(path)} is required for scrypt: the derived key's length in bytes");
                }

                continue;
            }

            if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out var parsed) || parsed <= 0)
            {
                return new Auth0Problem(path, Auth0RowErrorCodes.InvalidType, $"{name(path)} must be a positive whole number");
            }

            if (property == "keylen")
            {
                keylen = parsed;
            }
        }

        var length = DecodedLength(value, encoding);
        if (length is null)
        {
            return Hash(ValuePath, $"{name(ValuePath)} is not valid {encoding}");
        }

        return length == keylen
            ? null
            : Hash(ValuePath, Invariant($"{name(ValuePath)} must decode to keylen ({keylen}) bytes for scrypt (it decodes to {length.Value})"));
    }

    private static Auth0Problem? CheckDigestLength(string value, string encoding, int expected, string what, Func<string, string> name)
    {
        const string ValuePath = Prefix + ".hash.value";
        var length = DecodedLength(value, encoding);
        if (length is null)
        {
            return Hash(ValuePath, $"{name(ValuePath)} is not valid {encoding}");
        }

        return length == expected
            ? null
            : Hash(ValuePath, Invariant($"{name(ValuePath)} must decode to {expected} bytes for {what} (it decodes to {length.Value})"));
    }

    private static Auth0Problem? CheckLdap(string value, string path, Func<string, string> name)
    {
        var close = value.IndexOf('}', StringComparison.Ordinal);
        if (!value.StartsWith('{') || close < 0 || !LdapSchemes.TryGetValue(value[1..close], out var digest))
        {
            return Hash(path, $"{name(path)} must be an RFC 2307 hash that starts with its scheme: {{SHA}}, {{SSHA}}, {{MD5}}, {{SMD5}}, {{SHA256}}, {{SSHA256}}, {{SHA384}}, {{SSHA384}}, {{SHA512}} or {{SSHA512}}");
        }

        var length = DecodedLength(value[(close + 1)..], "base64");
        var salted = digest < 0;
        var bytes = Math.Abs(digest);
        if (length is null || (salted ? length <= bytes : length != bytes))
        {
            return Hash(
                path,
                Invariant($"{name(path)} must be base64 of a {bytes}-byte digest{(salted ? " followed by its salt" : string.Empty)} after the scheme"));
        }

        return null;
    }

    private static Auth0Problem? CheckPassword(JsonElement password, Func<string, string> name)
    {
        const string Path = Prefix + ".password";
        if (password.ValueKind != JsonValueKind.Object)
        {
            return Type(Path, name, "an object");
        }

        if (Unknown(password, Path, ["encoding"], name) is { } unknown)
        {
            return unknown;
        }

        return OptionalEnum(password, "encoding", Path + ".encoding", PasswordEncodings, name).Problem;
    }

    private static (string? Salt, Auth0Problem? Problem) CheckSalt(JsonElement hash, string algorithm, bool embedsSalt, Func<string, string> name)
    {
        const string Path = Prefix + ".salt";
        if (!hash.TryGetProperty("salt", out var salt))
        {
            return (null, null);
        }

        if (embedsSalt)
        {
            return (null, Invalid(Path, $"{name(Path)} does not apply to {algorithm}: its salt is part of the hash value"));
        }

        if (salt.ValueKind != JsonValueKind.Object)
        {
            return (null, Type(Path, name, "an object"));
        }

        if (Unknown(salt, Path, ["value", "encoding", "position"], name) is { } unknown)
        {
            return (null, unknown);
        }

        if (RequiredString(salt, "value", Path + ".value", algorithm, name, out var value) is { } noValue)
        {
            return (null, noValue);
        }

        if (CheckEncoded(salt, value, Path, required: false, name) is { } encodingProblem)
        {
            return (null, encodingProblem);
        }

        const string PositionPath = Path + ".position";
        var (position, positionProblem) = OptionalEnum(salt, "position", PositionPath, ["prefix", "suffix"], name);
        if (positionProblem is not null)
        {
            return (null, positionProblem);
        }

        if (algorithm == "scrypt" && position is not null)
        {
            return (null, Invalid(PositionPath, $"{name(PositionPath)} does not apply to scrypt"));
        }

        if (algorithm != "scrypt" && position is null)
        {
            return (null, new Auth0Problem(PositionPath, Auth0RowErrorCodes.Missing, $"{name(PositionPath)} is required with a salt for {algorithm}: prefix or suffix"));
        }

        return (value, null);
    }

    /// <summary>Checks that a <c>{value, encoding}</c> pair's value decodes in its encoding (utf8 when left out and not required).</summary>
    private static Auth0Problem? CheckEncoded(JsonElement part, string value, string path, bool required, Func<string, string> name)
    {
        var encodingPath = path + ".encoding";
        var (encoding, problem) = OptionalEnum(part, "encoding", encodingPath, ValueEncodings, name);
        if (problem is not null)
        {
            return problem;
        }

        if (encoding is null && required)
        {
            return new Auth0Problem(encodingPath, Auth0RowErrorCodes.Missing, $"{name(encodingPath)} is required: base64, hex or utf8");
        }

        encoding ??= "utf8";
        return DecodedLength(value, encoding) is > 0
            ? null
            : Hash(path + ".value", $"{name(path + ".value")} is not valid {encoding}");
    }

    private static Auth0Problem? RequiredString(JsonElement part, string property, string path, string algorithm, Func<string, string> name, out string value)
    {
        value = string.Empty;
        if (!part.TryGetProperty(property, out var element))
        {
            return new Auth0Problem(path, Auth0RowErrorCodes.Missing, $"{name(path)} is required for {algorithm}");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Type(path, name, "a string");
        }

        value = element.GetString()!;
        return value.Length == 0 ? new Auth0Problem(path, Auth0RowErrorCodes.Missing, $"{name(path)} is empty") : null;
    }

    private static (string? Value, Auth0Problem? Problem) OptionalEnum(JsonElement part, string property, string path, string[] allowed, Func<string, string> name)
    {
        if (!part.TryGetProperty(property, out var element))
        {
            return (null, null);
        }

        if (element.ValueKind == JsonValueKind.String && Array.IndexOf(allowed, element.GetString()) >= 0)
        {
            return (element.GetString(), null);
        }

        return (null, Invalid(path, $"{name(path)} must be one of {string.Join(", ", allowed)}"));
    }

    private static Auth0Problem? Only(JsonElement part, string property, bool applies, string path, string algorithm, Func<string, string> name) =>
        !applies && part.TryGetProperty(property, out _)
            ? Invalid(path, $"{name(path)} applies only to {algorithm}")
            : null;

    /// <summary>The first property of <paramref name="part"/> not in <paramref name="allowed"/>, as a problem.</summary>
    internal static Auth0Problem? Unknown(JsonElement part, string path, ReadOnlySpan<string> allowed, Func<string, string> name)
    {
        foreach (var property in part.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                var shown = Auth0UserRules.Shown(property.Name);
                return new Auth0Problem(
                    path + "." + property.Name,
                    Auth0RowErrorCodes.UnknownProperty,
                    $"{name(path)} has an unknown property {shown}; it takes only {string.Join(", ", allowed.ToArray())}");
            }
        }

        return null;
    }

    /// <summary>How many bytes <paramref name="value"/> decodes to in <paramref name="encoding"/> (base64 standard or URL-safe, padding optional; hex in either case; utf8), or null.</summary>
    internal static int? DecodedLength(string value, string encoding)
    {
        switch (encoding)
        {
            case "utf8":
                return Encoding.UTF8.GetByteCount(value);
            case "hex":
                return value.Length % 2 == 0 && value.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF") < 0 ? value.Length / 2 : null;
            case "base64":
                var standard = value.Replace('-', '+').Replace('_', '/');
                if (standard.Length % 4 != 0)
                {
                    standard += new string('=', 4 - (standard.Length % 4));
                }

                var buffer = new byte[(standard.Length / 4 * 3) + 3];
                return value.Length > 0 && Convert.TryFromBase64String(standard, buffer, out var written) ? written : null;
            default:
                return null;
        }
    }

    private static Auth0Problem Type(string path, Func<string, string> name, string what) =>
        new(path, Auth0RowErrorCodes.InvalidType, $"{name(path)} must be {what}");

    private static Auth0Problem Invalid(string path, string message) => new(path, Auth0RowErrorCodes.InvalidValue, message);

    private static Auth0Problem Hash(string path, string message) => new(path, Auth0RowErrorCodes.InvalidHash, message);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptPattern();

    [GeneratedRegex(@"^\$argon2(id|i|d)\$(v=\d+\$)?m=\d+,t=\d+,p=\d+(,[a-z]+=[^,$]*)*\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Argon2Pattern();

    [GeneratedRegex(@"^\$pbkdf2(-(sha1|sha224|sha256|sha384|sha512|md5))?\$i=[1-9]\d*(,l=[1-9]\d*)?\$[A-Za-z0-9+/.\-_]*={0,2}\$[A-Za-z0-9+/.\-_]+={0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pbkdf2Pattern();
}
