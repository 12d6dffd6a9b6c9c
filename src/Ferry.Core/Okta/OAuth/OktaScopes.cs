using Ferry.Core.Jobs;

namespace Ferry.Core.Okta.OAuth;

/// <summary>
/// The OAuth 2.0 scopes of Okta's Management API that Ferry uses, which job kind needs which, and which scope a request
/// needs (to name it when Okta answers 403 <c>insufficient_scope</c>). See docs/okta-auth.md.
/// </summary>
public static class OktaScopes
{
    public const string UsersRead = "okta.users.read";
    public const string UsersManage = "okta.users.manage";
    public const string GroupsRead = "okta.groups.read";
    public const string GroupsManage = "okta.groups.manage";

    /// <summary>What Ferry asks for when <c>Okta:Scopes</c> is unset: enough for every job kind.</summary>
    public static IReadOnlyList<string> Default { get; } = [UsersManage, GroupsManage];

    /// <summary>The scopes a job with <paramref name="options"/> needs: its kind's, or reads only for a dry run (or a dry-run phase).</summary>
    public static IReadOnlyList<string> For(JobOptions options, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DryRun || dryRun)
        {
            return options.Kind switch
            {
                JobKind.Reactivate or JobKind.UpdateProfiles => [UsersRead],
                _ => [UsersRead, GroupsRead],
            };
        }

        return For(options.Kind);
    }

    /// <summary>The scopes a job of <paramref name="kind"/> needs (manage scopes include reads).</summary>
    public static IReadOnlyList<string> For(JobKind kind) => kind switch
    {
        JobKind.Import => [UsersManage, GroupsManage],
        JobKind.Reactivate => [UsersManage],
        JobKind.AssignGroups => [UsersRead, GroupsManage],
        JobKind.UpdateProfiles => [UsersManage],
        JobKind.Undo => [UsersManage, GroupsManage], // users deactivated and deleted, groups deleted
        _ => Default,
    };

    /// <summary>The narrowest scope an <c>/api/v1</c> request needs: reads need <c>.read</c> (or <c>.manage</c>), writes <c>.manage</c>.</summary>
    public static string? Required(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var read = method == HttpMethod.Get || method == HttpMethod.Head;
        if (path.StartsWith("/api/v1/groups", StringComparison.OrdinalIgnoreCase))
        {
            return read ? GroupsRead : GroupsManage;
        }

        return path.StartsWith("/api/v1/users", StringComparison.OrdinalIgnoreCase) ? (read ? UsersRead : UsersManage) : null;
    }

    /// <summary><c>Okta:Scopes</c> split on spaces or commas, else <see cref="Default"/>.</summary>
    public static IReadOnlyList<string> Parse(string? configured) =>
        string.IsNullOrWhiteSpace(configured)
            ? Default
            : configured.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
