using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Auth0;

/// <summary><c>GET /api/v2/connections</c> (by <c>name</c>, <c>strategy</c>; plain, <c>include_totals</c> or checkpoint paging) and <c>GET /api/v2/connections/{id}</c>.</summary>
public static class Auth0ConnectionsApi
{
    public static RouteGroupBuilder MapAuth0Connections(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var connections = endpoints.MapGroup("/api/v2/connections");
        connections.MapGet(string.Empty, List);
        connections.MapGet("/{id}", Get);
        return connections;
    }

    private static OktaJsonResult List(HttpRequest request, Auth0Tenant tenant)
    {
        var name = request.Query["name"].ToString();
        var strategies = request.Query["strategy"].SelectMany(s => (s ?? string.Empty).Split(',')).Where(s => s.Length > 0).ToList();
        var matching = tenant.Connections
            .Where(c => name.Length == 0 || string.Equals(c.Name, name, StringComparison.Ordinal))
            .Where(_ => strategies.Count == 0 || strategies.Contains("auth0", StringComparer.Ordinal))
            .ToList();
        // Three shapes, as Auth0: checkpoint paging (take/from) → {connections}; include_totals → {total, start,
        // limit, connections}; otherwise a bare array. The tenant has few connections: there is never a next page.
        var checkpoint = request.Query.ContainsKey("take") || request.Query.ContainsKey("from");
        var totals = !checkpoint && bool.TryParse(request.Query["include_totals"].ToString(), out var include) && include;
        return OktaJsonResult.Ok(json =>
        {
            if (checkpoint || totals)
            {
                json.WriteStartObject();
                if (totals)
                {
                    json.WriteNumber("total", matching.Count);
                    json.WriteNumber("start", 0);
                    json.WriteNumber("limit", matching.Count);
                }

                json.WritePropertyName("connections");
            }

            json.WriteStartArray();
            foreach (var connection in matching)
            {
                Auth0Json.WriteConnection(json, connection);
            }

            json.WriteEndArray();
            if (checkpoint || totals)
            {
                json.WriteEndObject();
            }
        });
    }

    private static IResult Get(string id, Auth0Tenant tenant) =>
        tenant.Connection(id) is { } connection
            ? OktaJsonResult.Ok(json => Auth0Json.WriteConnection(json, connection))
            : Auth0Error.ConnectionNotFound;
}
