namespace Ferry.Sandbox.OAuth;

/// <summary>An access token the sandbox issued: to whom, with which scopes, until when, and the DPoP key it is bound to (<c>cnf.jkt</c>).</summary>
public sealed record IssuedToken(string ClientId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, string? Jkt);
