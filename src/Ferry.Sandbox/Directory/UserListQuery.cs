using Ferry.Sandbox.Search;

namespace Ferry.Sandbox.Directory;

/// <summary>
/// <c>GET /api/v1/users</c>: <see cref="Search"/> (case-insensitive values), <see cref="Filter"/> (case-sensitive values),
/// or <see cref="Q"/> (starts-with on first name, last name or email; no paging).
/// </summary>
public sealed record UserListQuery(SearchExpression? Search, SearchExpression? Filter, string? Q, int Limit, string? After);
