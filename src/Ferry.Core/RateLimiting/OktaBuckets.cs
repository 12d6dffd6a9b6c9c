namespace Ferry.Core.RateLimiting;

/// <summary>
/// Okta's management rate-limit buckets as Ferry classifies its own calls (Okta's published table, "most specific
/// wins"). The budget learns each bucket's real limit from <c>X-Rate-Limit-Limit</c>; if Okta groups endpoints
/// differently, two of Ferry's buckets share one of Okta's and the budget sees Remaining fall faster than its own
/// use, and slows down.
/// </summary>
public static class OktaBuckets
{
    /// <summary><c>GET</c>/<c>POST /api/v1/users</c>: create, list, search.</summary>
    public const string Users = "users";

    /// <summary><c>GET /api/v1/users/{idOrLogin}</c>.</summary>
    public const string UserGet = "userGet";

    /// <summary><c>POST</c>/<c>PUT</c>/<c>DELETE /api/v1/users/{id}</c>.</summary>
    public const string UserUpdate = "userUpdate";

    /// <summary><c>/api/v1/groups</c>: create, list, search.</summary>
    public const string Groups = "groups";

    /// <summary><c>/api/v1/groups/{id}</c> only.</summary>
    public const string GroupById = "groupById";

    /// <summary>Every other <c>/api/v1</c> call: lifecycle, group membership.</summary>
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [Users, UserGet, UserUpdate, Groups, GroupById, Other];

    public static string Classify(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "api" || segments[1] != "v1")
        {
            return Other;
        }

        var depth = segments.Length - 2;
        return segments[2] switch
        {
            "users" when depth == 1 => Users,
            "users" when depth == 2 => method == HttpMethod.Get ? UserGet : UserUpdate,
            "groups" when depth == 1 => Groups,
            "groups" when depth == 2 => GroupById,
            _ => Other,
        };
    }
}
