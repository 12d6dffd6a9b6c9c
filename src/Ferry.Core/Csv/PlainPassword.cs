namespace Ferry.Core.Csv;

/// <summary>A plain password, sent to Okta as <c>credentials.password.value</c>.</summary>
public sealed record PlainPassword(string Value) : PasswordInput;
