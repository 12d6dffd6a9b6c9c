namespace Ferry.Core.Validation;

/// <summary>The length limits (and email shape) Okta's user profile schema gives one attribute.</summary>
/// <param name="Name">The attribute's exact Okta name.</param>
/// <param name="MinLength">The shortest non-empty value Okta accepts (0: no minimum).</param>
/// <param name="MaxLength">The longest value Okta accepts.</param>
/// <param name="IsEmail">Whether the value must be an email address.</param>
public sealed record ProfileAttributeRule(string Name, int MinLength, int MaxLength, bool IsEmail = false);
