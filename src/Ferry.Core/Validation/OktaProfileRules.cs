using System.Globalization;

namespace Ferry.Core.Validation;

/// <summary>
/// Okta's default user profile attributes (okta-management-openapi.yaml, <c>UserProfile</c>) with their length limits,
/// and the check a CSV value must pass before Ferry sends it. Custom attributes get the generic 1024-character limit.
/// </summary>
public static class OktaProfileRules
{
    /// <summary>The limit for default attributes without one of their own, and for custom attributes.</summary>
    public const int GenericMaxLength = 1024;

    public static IReadOnlyList<ProfileAttributeRule> DefaultAttributes { get; } =
    [
        new("login", 5, 100),
        new("email", 5, 100, IsEmail: true),
        new("firstName", 1, 50),
        new("lastName", 1, 50),
        new("middleName", 0, GenericMaxLength),
        new("honorificPrefix", 0, GenericMaxLength),
        new("honorificSuffix", 0, GenericMaxLength),
        new("title", 0, GenericMaxLength),
        new("displayName", 0, GenericMaxLength),
        new("nickName", 0, GenericMaxLength),
        new("profileUrl", 0, GenericMaxLength),
        new("secondEmail", 5, 100, IsEmail: true),
        new("mobilePhone", 0, 100),
        new("primaryPhone", 0, 100),
        new("streetAddress", 0, 1024),
        new("city", 0, 128),
        new("state", 0, 128),
        new("zipCode", 0, 50),
        new("countryCode", 0, 2),
        new("postalAddress", 0, 4096),
        new("preferredLanguage", 0, GenericMaxLength),
        new("locale", 0, GenericMaxLength),
        new("timezone", 0, GenericMaxLength),
        new("userType", 0, GenericMaxLength),
        new("employeeNumber", 0, GenericMaxLength),
        new("costCenter", 0, GenericMaxLength),
        new("organization", 0, GenericMaxLength),
        new("division", 0, GenericMaxLength),
        new("department", 0, GenericMaxLength),
        new("managerId", 0, GenericMaxLength),
        new("manager", 0, GenericMaxLength),
    ];

    private static readonly Dictionary<string, ProfileAttributeRule> ByName =
        DefaultAttributes.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The rule of a default attribute (exact Okta spelling), or null for a custom attribute.</summary>
    public static ProfileAttributeRule? Default(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return ByName.GetValueOrDefault(attribute);
    }

    /// <summary>The rule for any attribute: its default rule, or the generic one of a custom attribute.</summary>
    public static ProfileAttributeRule For(string attribute) => Default(attribute) ?? new ProfileAttributeRule(attribute, 0, GenericMaxLength);

    /// <summary>What is wrong with a non-empty value, or null when Okta would accept it.</summary>
    public static string? Check(ProfileAttributeRule rule, string value)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > rule.MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{rule.Name} is longer than {rule.MaxLength} characters");
        }

        if (rule.IsEmail && !EmailAddress.IsValid(value))
        {
            return $"'{value}' is not a valid email address";
        }

        if (value.Length < rule.MinLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{rule.Name} '{value}' is shorter than {rule.MinLength} characters");
        }

        return null;
    }
}
