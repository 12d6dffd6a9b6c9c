namespace Ferry.Sandbox.Auth0;

/// <summary>A database connection of the tenant (strategy <c>auth0</c>).</summary>
public sealed record Auth0Connection(string Id, string Name);
