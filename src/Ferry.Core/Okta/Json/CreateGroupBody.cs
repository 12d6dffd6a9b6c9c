namespace Ferry.Core.Okta.Json;

public sealed record CreateGroupBody(OktaGroupProfile Profile);
