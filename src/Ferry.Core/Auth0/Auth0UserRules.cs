using System.Text.Json;
using Ferry.Core.Validation;

namespace Ferry.Core.Auth0;

/// <summary>
/// Auth0's bulk-import user schema, checked before anything is sent: the properties it accepts, their types, a valid
/// email, the password hashes (<see cref="Auth0HashRules"/>) and the MFA factors. Field names in messages come from a
/// naming function, so a CSV row's problem names its column and a JSON record's its path.
/// </summary>
internal static class Auth0UserRules
{
    /// <summary>The top-level properties Auth0 imports.</summary>
    public static readonly string[] Properties =
    [
        "email", "email_verified", "user_id", "username", "given_name", "family_name", "name", "nickname", "picture",
        "blocked", "password_hash", "custom_password_hash", "app_metadata", "user_metadata", "mfa_factors",
    ];

    /// <summary>
    /// What Auth0's user export writes beside the importable properties: read-only facts of the source tenant, left out
    /// of what is sent (and listed as ignored) so that an export can be dropped as it is.
    /// </summary>
    public static readonly string[] ExportOnly =
    [
        "created_at", "updated_at", "last_login", "last_ip", "logins_count", "identities", "last_password_reset",
        "multifactor", "multifactor_last_modified", "phone_number", "phone_verified", "tenant", "connection",
    ];

    /// <summary>The prefix Auth0's export puts before a database user's id, which its import adds again.</summary>
    public const string ExportedUserIdPrefix = "auth0|";

    /// <summary>Whether a property is left out of what is sent whatever the job's options (an export's read-only facts).</summary>
    public static bool IsExportOnly(string property) => Array.IndexOf(ExportOnly, property) >= 0;

    private static readonly string[] StringProperties = ["user_id", "username", "given_name", "family_name", "name", "nickname", "picture"];

    /// <summary>The first problem with <paramref name="user"/>, or null when Auth0 should accept it.</summary>
    /// <param name="ignoreUnknown">Unknown top-level properties are left out of the user rather than rejected.</param>
    public static Auth0Problem? Check(JsonElement user, bool ignoreUnknown, Func<string, string> name)
    {
        if (user.ValueKind != JsonValueKind.Object)
        {
            return new Auth0Problem(null, Auth0RowErrorCodes.NotAnObject, $"a user must be a JSON object, not {Kind(user.ValueKind)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in user.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return new Auth0Problem(property.Name, Auth0RowErrorCodes.InvalidValue, $"{name(property.Name)} appears twice in the user");
            }

            if (Array.IndexOf(Properties, property.Name) < 0 && !ignoreUnknown && !IsExportOnly(property.Name))
            {
                return new Auth0Problem(
                    property.Name,
                    Auth0RowErrorCodes.UnknownProperty,
                    $"{Shown(property.Name)} is not a property Auth0 imports (it takes {string.Join(", ", Properties)}; names are case-sensitive)");
            }
        }

        if (!user.TryGetProperty("email", out var email) || (email.ValueKind == JsonValueKind.String && email.GetString()!.Length == 0))
        {
            return new Auth0Problem("email", Auth0RowErrorCodes.Missing, $"{name("email")} is required");
        }

        if (email.ValueKind != JsonValueKind.String)
        {
            return Type("email", name, "a string");
        }

        if (!EmailAddress.IsValid(email.GetString()!))
        {
            return new Auth0Problem("email", Auth0RowErrorCodes.InvalidEmail, $"{name("email")} is not a valid email address");
        }

        foreach (var property in StringProperties)
        {
            if (user.TryGetProperty(property, out var value))
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Type(property, name, "a string");
                }

                if (value.GetString()!.Length == 0)
                {
                    return new Auth0Problem(property, Auth0RowErrorCodes.InvalidValue, $"{name(property)} is empty; leave it out instead");
                }
            }
        }

        foreach (var property in (ReadOnlySpan<string>)["email_verified", "blocked"])
        {
            if (user.TryGetProperty(property, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Type(property, name, "true or false");
            }
        }

        foreach (var property in (ReadOnlySpan<string>)["app_metadata", "user_metadata"])
        {
            if (user.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Object)
            {
                return Type(property, name, "a JSON object");
            }
        }

        var hasBcrypt = user.TryGetProperty("password_hash", out var passwordHash);
        var hasCustom = user.TryGetProperty("custom_password_hash", out var customHash);
        if (hasBcrypt && hasCustom)
        {
            return new Auth0Problem("password_hash", Auth0RowErrorCodes.InvalidHash, $"{name("password_hash")} and custom_password_hash are both set; give one hash");
        }

        if (hasBcrypt && Auth0HashRules.CheckPasswordHash(passwordHash, name) is { } bcryptProblem)
        {
            return bcryptProblem;
        }

        if (hasCustom && Auth0HashRules.CheckCustom(customHash, name) is { } customProblem)
        {
            return customProblem;
        }

        return user.TryGetProperty("mfa_factors", out var factors) ? CheckFactors(factors, name) : null;
    }

    /// <summary>A property name for a message: quoted when short and printable, otherwise described.</summary>
    public static string Shown(string propertyName) =>
        propertyName.Length is > 0 and <= 64 && !propertyName.Any(char.IsControl) ? $"'{propertyName}'" : "a property with a long or unprintable name";

    private static Auth0Problem? CheckFactors(JsonElement factors, Func<string, string> name)
    {
        const string Path = "mfa_factors";
        if (factors.ValueKind != JsonValueKind.Array)
        {
            return Type(Path, name, "an array of factors ({\"totp\":{\"secret\":…}}, {\"phone\":{\"value\":…}}, {\"email\":{\"value\":…}})");
        }

        foreach (var factor in factors.EnumerateArray())
        {
            if (factor.ValueKind != JsonValueKind.Object || factor.EnumerateObject().Count() != 1)
            {
                return new Auth0Problem(Path, Auth0RowErrorCodes.InvalidValue, $"{name(Path)}: each factor must be an object with one of totp, phone or email");
            }

            var property = factor.EnumerateObject().First();
            var field = property.Name switch
            {
                "totp" => "secret",
                "phone" or "email" => "value",
                _ => null,
            };
            if (field is null)
            {
                return new Auth0Problem(Path, Auth0RowErrorCodes.InvalidValue, $"{name(Path)}: each factor must be an object with one of totp, phone or email");
            }

            if (property.Value.ValueKind != JsonValueKind.Object
                || !property.Value.TryGetProperty(field, out var value)
                || value.ValueKind != JsonValueKind.String
                || value.GetString()!.Length == 0
                || property.Value.EnumerateObject().Count() != 1)
            {
                return new Auth0Problem(Path, Auth0RowErrorCodes.InvalidValue, $"{name(Path)}: a {property.Name} factor must be {{\"{property.Name}\":{{\"{field}\":\"…\"}}}}");
            }

            if (property.Name == "email" && !EmailAddress.IsValid(value.GetString()!))
            {
                return new Auth0Problem(Path, Auth0RowErrorCodes.InvalidEmail, $"{name(Path)}: an email factor's value is not a valid email address");
            }
        }

        return null;
    }

    private static Auth0Problem Type(string path, Func<string, string> name, string what) =>
        new(path, Auth0RowErrorCodes.InvalidType, $"{name(path)} must be {what}");

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a value of another kind",
    };
}
