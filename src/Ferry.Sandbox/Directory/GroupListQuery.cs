using Ferry.Sandbox.Search;

namespace Ferry.Sandbox.Directory;

/// <summary><c>GET /api/v1/groups</c>: <see cref="Q"/> is a name starts-with match and cannot be paged.</summary>
public sealed record GroupListQuery(SearchExpression? Search, SearchExpression? Filter, string? Q, int Limit, string? After);
