namespace Ferry.Core.Okta.Json;

public sealed record CredentialsBody(PasswordBody Password);
