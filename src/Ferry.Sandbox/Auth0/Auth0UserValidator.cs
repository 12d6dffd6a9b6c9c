using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Auth0's bulk-import user schema (Bulk Import Database Schema and Examples), with the error codes and wording of
/// the JSON-schema validator Auth0 reports through <c>GET /api/v2/jobs/{id}/errors</c>.
/// </summary>
public static partial class Auth0UserValidator
{
    /// <summary>Properties a user of an import may have, and their JSON types.</summary>
    private static readonly Dictionary<string, string> Properties = new(StringComparer.Ordinal)
    {
        ["email"] = "string",
        ["email_verified"] = "boolean",
        ["user_id"] = "string",
        ["username"] = "string",
        ["given_name"] = "string",
        ["family_name"] = "string",
        ["name"] = "string",
        ["nickname"] = "string",
        ["picture"] = "string",
        ["blocked"] = "boolean",
        ["password_hash"] = "string",
        ["custom_password_hash"] = "object",
        ["app_metadata"] = "object",
        ["user_metadata"] = "object",
        ["mfa_factors"] = "array",
    };

    private static readonly string[] Algorithms = ["argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt"];

    /// <summary>Algorithms whose hash value is a self-describing string (PHC, modular crypt or LDAP form): utf8 only.</summary>
    private static readonly string[] SelfDescribing = ["argon2", "bcrypt", "ldap", "pbkdf2"];

    private static readonly string[] Encodings = ["base64", "hex", "utf8"];
    private static readonly string[] SaltPositions = ["prefix", "suffix"];
    private static readonly string[] CustomHashProperties = ["algorithm", "hash", "salt", "password", "keylen", "cost", "blockSize", "parallelization"];
    private static readonly string[] HashProperties = ["value", "encoding", "digest", "key"];
    private static readonly string[] PasswordProperties = ["encoding"];
    private static readonly string[] PasswordEncodings = ["ascii", "utf8", "utf16le", "ucs2", "latin1", "binary"];
    private static readonly string[] SaltProperties = ["value", "encoding", "position"];
    private static readonly string[] KeyProperties = ["value", "encoding"];
    private static readonly string[] ScryptParameters = ["keylen", "cost", "blockSize", "parallelization"];

    /// <summary>Auth0 takes bcrypt as $2a$ or $2b$ only (PHP's $2y$ is refused: importers rewrite its prefix).</summary>
    public const string BcryptPattern = @"^\$2[ab]\$\d{2}\$[./A-Za-z0-9]{53}$";

    public static IReadOnlyList<Auth0ImportError> Validate(JsonObject user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = new List<Auth0ImportError>();
        AdditionalProperties(user, Properties.Keys, string.Empty, errors);
        if (!user.ContainsKey("email"))
        {
            errors.Add(Missing("email", string.Empty));
        }

        foreach (var (name, node) in user)
        {
            if (!Properties.TryGetValue(name, out var expected))
            {
                continue;
            }

            var actual = TypeOf(node);
            if (actual != expected)
            {
                errors.Add(WrongType(expected, actual, name));
                continue;
            }

            switch (name)
            {
                case "email" when !EmailFormat().IsMatch((string)node!):
                    errors.Add(new("INVALID_FORMAT", $"Object didn't pass validation for format email: {(string)node!}", name));
                    break;
                case "password_hash" when !BcryptHash().IsMatch((string)node!):
                    // z-schema's wording, as Auth0 reports it: the value at fault is quoted.
                    errors.Add(new("PATTERN", $"String does not match pattern {BcryptPattern}: {(string)node!}", name));
                    break;
                case "custom_password_hash":
                    CustomPasswordHash(node!.AsObject(), errors);
                    break;
                case "user_id" or "username" when ((string)node!).Length == 0:
                    errors.Add(new("MIN_LENGTH", "String is too short (0 chars), minimum 1", name));
                    break;
                default:
                    break;
            }
        }

        return errors;
    }

    private static void CustomPasswordHash(JsonObject custom, List<Auth0ImportError> errors)
    {
        const string path = "custom_password_hash";
        AdditionalProperties(custom, CustomHashProperties, path, errors);
        var algorithm = RequiredString(custom, "algorithm", path, errors);
        if (algorithm is not null && !Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            errors.Add(EnumMismatch(algorithm, path + ".algorithm"));
            algorithm = null;
        }

        var hash = RequiredObject(custom, "hash", path, errors);
        if (hash is not null)
        {
            var hashPath = path + ".hash";
            AdditionalProperties(hash, HashProperties, hashPath, errors);
            RequiredString(hash, "value", hashPath, errors);
            var allowed = algorithm is not null && SelfDescribing.Contains(algorithm, StringComparer.Ordinal) ? ["utf8"] : Encodings;
            OptionalEnum(hash, "encoding", allowed, hashPath, errors);
            if (algorithm == "hmac")
            {
                RequiredString(hash, "digest", hashPath, errors);
                if (RequiredObject(hash, "key", hashPath, errors) is { } key)
                {
                    AdditionalProperties(key, KeyProperties, hashPath + ".key", errors);
                    RequiredString(key, "value", hashPath + ".key", errors);
                    OptionalEnum(key, "encoding", Encodings, hashPath + ".key", errors);
                }
            }

        }

        if (algorithm == "scrypt")
        {
            // keylen, cost, blockSize and parallelization sit beside algorithm and hash in Auth0's schema.
            foreach (var parameter in ScryptParameters)
            {
                RequiredInteger(custom, parameter, path, errors);
            }
        }

        if (custom["password"] is { } passwordNode && ObjectOrError(passwordNode, path + ".password", errors) is { } password)
        {
            AdditionalProperties(password, PasswordProperties, path + ".password", errors);
            OptionalEnum(password, "encoding", PasswordEncodings, path + ".password", errors);
        }

        JsonObject? salt;
        if (algorithm == "scrypt")
        {
            salt = RequiredObject(custom, "salt", path, errors);
        }
        else
        {
            salt = custom["salt"] is { } saltNode ? ObjectOrError(saltNode, path + ".salt", errors) : null;
        }

        if (salt is not null)
        {
            var saltPath = path + ".salt";
            AdditionalProperties(salt, SaltProperties, saltPath, errors);
            RequiredString(salt, "value", saltPath, errors);
            OptionalEnum(salt, "encoding", Encodings, saltPath, errors);
            OptionalEnum(salt, "position", SaltPositions, saltPath, errors);
        }
    }

    private static void AdditionalProperties(JsonObject value, IEnumerable<string> allowed, string path, List<Auth0ImportError> errors)
    {
        var known = allowed as ICollection<string> ?? allowed.ToList();
        var extra = value.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            errors.Add(new("OBJECT_ADDITIONAL_PROPERTIES", "Additional properties not allowed: " + string.Join(",", extra), path));
        }
    }

    private static string? RequiredString(JsonObject parent, string name, string path, List<Auth0ImportError> errors)
    {
        if (!parent.TryGetPropertyValue(name, out var node))
        {
            errors.Add(Missing(name, path));
            return null;
        }

        var type = TypeOf(node);
        if (type != "string")
        {
            errors.Add(WrongType("string", type, Join(path, name)));
            return null;
        }

        return (string)node!;
    }

    private static JsonObject? RequiredObject(JsonObject parent, string name, string path, List<Auth0ImportError> errors)
    {
        if (!parent.TryGetPropertyValue(name, out var node))
        {
            errors.Add(Missing(name, path));
            return null;
        }

        return ObjectOrError(node, Join(path, name), errors);
    }

    private static JsonObject? ObjectOrError(JsonNode? node, string path, List<Auth0ImportError> errors)
    {
        if (node is JsonObject value)
        {
            return value;
        }

        errors.Add(WrongType("object", TypeOf(node), path));
        return null;
    }

    private static void RequiredInteger(JsonObject parent, string name, string path, List<Auth0ImportError> errors)
    {
        if (!parent.TryGetPropertyValue(name, out var node))
        {
            errors.Add(Missing(name, path));
            return;
        }

        var type = TypeOf(node);
        if (type != "integer")
        {
            errors.Add(WrongType("integer", type, Join(path, name)));
        }
    }

    private static void OptionalEnum(JsonObject parent, string name, string[] allowed, string path, List<Auth0ImportError> errors)
    {
        if (!parent.TryGetPropertyValue(name, out var node))
        {
            return;
        }

        var type = TypeOf(node);
        if (type != "string")
        {
            errors.Add(WrongType("string", type, Join(path, name)));
        }
        else if (!allowed.Contains((string)node!, StringComparer.Ordinal))
        {
            errors.Add(EnumMismatch((string)node!, Join(path, name)));
        }
    }

    private static Auth0ImportError Missing(string name, string path) =>
        new("OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: " + name, path);

    private static Auth0ImportError WrongType(string expected, string actual, string path) =>
        new("INVALID_TYPE", $"Expected type {expected} but found type {actual}", path);

    private static Auth0ImportError EnumMismatch(string value, string path) =>
        new("ENUM_MISMATCH", "No enum match for: " + JsonSerializer.Serialize(value), path);

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>JSON-schema type names: <c>integer</c> for whole numbers, <c>number</c> otherwise.</summary>
    private static string TypeOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
        _ => "undefined",
    };

    private static bool IsInteger(JsonNode node) =>
        decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value);

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+$")]
    private static partial Regex EmailFormat();

    [GeneratedRegex(BcryptPattern)]
    private static partial Regex BcryptHash();
}
