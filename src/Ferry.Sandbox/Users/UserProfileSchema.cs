using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Sandbox.Users;

/// <summary>
/// Okta's default user profile schema (okta-management-openapi.yaml, <c>UserProfile</c>) plus the org's custom
/// attributes, and the validation Okta applies on create and update, worded as Okta words it.
/// </summary>
public static partial class UserProfileSchema
{
    public static IReadOnlyDictionary<string, ProfileAttribute> DefaultAttributes { get; } = new ProfileAttribute[]
    {
        new("login", Required: true, MinLength: 5, MaxLength: 100),
        new("firstName", Required: true, MinLength: 1, MaxLength: 50),
        new("lastName", Required: true, MinLength: 1, MaxLength: 50),
        new("email", Required: true, MinLength: 5, MaxLength: 100, Email: true),
        new("middleName"),
        new("honorificPrefix"),
        new("honorificSuffix"),
        new("title"),
        new("displayName"),
        new("nickName"),
        new("profileUrl"),
        new("secondEmail", MinLength: 5, MaxLength: 100, Email: true),
        new("mobilePhone", MaxLength: 100),
        new("primaryPhone", MaxLength: 100),
        new("streetAddress", MaxLength: 1024),
        new("city", MaxLength: 128),
        new("state", MaxLength: 128),
        new("zipCode", MaxLength: 50),
        new("countryCode", MaxLength: 2),
        new("postalAddress", MaxLength: 4096),
        new("preferredLanguage"),
        new("locale"),
        new("timezone"),
        new("userType"),
        new("employeeNumber"),
        new("costCenter"),
        new("organization"),
        new("division"),
        new("department"),
        new("managerId"),
        new("manager"),
    }.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>
    /// Field-level failures (blank required fields, lengths, formats, wrong types), each as
    /// <c>(field, "field: message")</c>, in the order Okta lists them.
    /// </summary>
    public static List<(string Field, string Cause)> Validate(JsonObject profile, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<(string, string)>();
        foreach (var attribute in DefaultAttributes.Values.Where(a => a.Required))
        {
            if (TextOf(profile, attribute.Name) is not { Length: > 0 } value || string.IsNullOrWhiteSpace(value))
            {
                failures.Add((attribute.Name, $"{attribute.Name}: The field cannot be left blank"));
            }
        }

        foreach (var (name, node) in profile)
        {
            if (!DefaultAttributes.TryGetValue(name, out var attribute) || node is null)
            {
                continue;
            }

            if (node.GetValueKind() != JsonValueKind.String)
            {
                failures.Add((name, $"{name}: Invalid value, expected a string"));
                continue;
            }

            var value = node.GetValue<string>();
            if (value.Length == 0)
            {
                continue;
            }

            if (attribute.MaxLength is { } max && value.Length > max)
            {
                failures.Add((name, $"{name}: The field is too long (maximum {max} characters)"));
            }
            else if (attribute.MinLength is { } min && value.Length < min)
            {
                failures.Add((name, $"{name}: The field is too short (minimum {min} characters)"));
            }
            else if (attribute.Email && !IsEmail(value))
            {
                failures.Add((name, $"{name}: Does not match required pattern"));
            }
        }

        // Okta reports the login format even when the login is missing (and then reports it blank as well).
        if (options.LoginMustBeEmail && !IsEmail(TextOf(profile, "login") ?? string.Empty))
        {
            failures.Add(("login", "login: Username must be in the form of an email address"));
        }

        return failures;
    }

    /// <summary>Properties that are neither default nor custom attributes of the org's schema.</summary>
    public static List<string> UnknownAttributes(JsonObject profile, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        return profile
            .Select(p => p.Key)
            .Where(name => !DefaultAttributes.ContainsKey(name) && !options.CustomAttributes.Contains(name, StringComparer.Ordinal))
            .ToList();
    }

    public static string? TextOf(JsonObject profile, string name)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;
    }

    /// <summary>An RFC 5322 addr-spec in its common dot-atom form, with a dotted domain.</summary>
    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    // Letters and digits of any script are allowed (Okta accepts internationalized logins such as isáàc.bröck@example.com).
    [GeneratedRegex(@"^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?(\.[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
