namespace Ferry.Core.Auth0Api;

/// <summary>A connection: its id (<c>con_…</c>), name and strategy (<c>auth0</c> for a database connection).</summary>
public sealed record Auth0Connection(string Id, string Name, string? Strategy);
