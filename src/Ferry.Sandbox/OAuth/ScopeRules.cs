namespace Ferry.Sandbox.OAuth;

/// <summary>
/// Which scopes let an access token call an <c>/api/v1</c> endpoint: reads take <c>.read</c> or <c>.manage</c>,
/// writes <c>.manage</c>; users and groups each their own. An SSWS token is not scoped.
/// </summary>
public static class ScopeRules
{
    /// <summary>The scopes any of which allows the request, the narrowest first (the one named in a 403).</summary>
    public static IReadOnlyList<string> Allowing(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var resource = path.StartsWith("/api/v1/groups", StringComparison.OrdinalIgnoreCase) ? "groups" : "users";
        return read ? [$"okta.{resource}.read", $"okta.{resource}.manage"] : [$"okta.{resource}.manage"];
    }

    public static IReadOnlyList<string> Split(string? scopes) =>
        (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
