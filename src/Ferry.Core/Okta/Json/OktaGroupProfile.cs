namespace Ferry.Core.Okta.Json;

public sealed record OktaGroupProfile(string Name, string? Description);
