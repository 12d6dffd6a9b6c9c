namespace Ferry.Core.Okta.Json;

/// <summary>Okta's <c>PasswordCredential</c>: a value or an imported hash.</summary>
public sealed record PasswordBody(string? Value, PasswordHashBody? Hash);
