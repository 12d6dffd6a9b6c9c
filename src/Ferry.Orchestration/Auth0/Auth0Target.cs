namespace Ferry.Orchestration.Auth0;

/// <summary>Where an Auth0 job imports: the tenant (its host: the import-slots entity's key) and the connection's id and name.</summary>
public sealed record Auth0Target(string Tenant, string ConnectionId, string ConnectionName);
