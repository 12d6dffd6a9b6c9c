namespace Ferry.Core.Auth0Api;

/// <summary>What Ferry reads of an Auth0 user: its id, email, when it was created, and its database connections.</summary>
public sealed record Auth0User(string UserId, string? Email, DateTimeOffset? CreatedAt, IReadOnlyList<string> Connections);
