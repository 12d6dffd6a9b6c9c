namespace Ferry.Core.Okta.Json;

/// <summary>Okta's <c>CreateUserRequest</c>. Holds credentials: never logged.</summary>
public sealed record CreateUserBody(IReadOnlyDictionary<string, string> Profile, CredentialsBody? Credentials, IReadOnlyList<string>? GroupIds);
