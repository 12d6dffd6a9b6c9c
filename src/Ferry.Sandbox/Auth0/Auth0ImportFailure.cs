using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Auth0;

/// <summary>A rejected user of an import as <c>GET /api/v2/jobs/{id}/errors</c> lists it: the user as submitted and why.</summary>
public sealed record Auth0ImportFailure(JsonNode User, IReadOnlyList<Auth0ImportError> Errors);
