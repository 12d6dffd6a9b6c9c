namespace Ferry.Sandbox.RateLimits;

/// <summary>
/// Okta's management rate-limit buckets (Enterprise column of developer.okta.com/docs/reference/rl-global-mgmt/).
/// "Most specific wins": a path falls into the first bucket that names it, else into <see cref="Other"/>.
/// </summary>
public static class RateLimitCatalog
{
    public static RateLimitBucketDefinition Users { get; } =
        new("users", "GET or POST /api/v1/users (create or list users)", 600);

    public static RateLimitBucketDefinition UserGet { get; } =
        new("userGet", "GET /api/v1/users/{idOrLogin}", 1000);

    public static RateLimitBucketDefinition UserUpdate { get; } =
        new("userUpdate", "POST, PUT or DELETE /api/v1/users/{id}", 600);

    public static RateLimitBucketDefinition Groups { get; } =
        new("groups", "/api/v1/groups (create or list groups)", 600);

    public static RateLimitBucketDefinition GroupById { get; } =
        new("groupById", "/api/v1/groups/{id} only", 600);

    public static RateLimitBucketDefinition Other { get; } =
        new("other", "every other /api/v1 endpoint (lifecycle, group membership, a user's groups)", 600);

    public static IReadOnlyList<RateLimitBucketDefinition> All { get; } =
        [Users, UserGet, UserUpdate, Groups, GroupById, Other];

    /// <summary>The bucket an <c>/api/v1</c> request counts against.</summary>
    public static RateLimitBucketDefinition Classify(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Trim('/').Split('/');

        // segments[0] = "api", [1] = "v1", [2] = collection, [3] = id, [4..] = sub-resource
        if (segments.Length < 3)
        {
            return Other;
        }

        var collection = segments[2];
        var depth = segments.Length - 2;
        if (collection == "users")
        {
            if (depth == 1 && (HttpMethods.IsGet(method) || HttpMethods.IsPost(method)))
            {
                return Users;
            }

            if (depth == 2)
            {
                return HttpMethods.IsGet(method) ? UserGet : UserUpdate;
            }
        }
        else if (collection == "groups")
        {
            if (depth == 1)
            {
                return Groups;
            }

            if (depth == 2)
            {
                return GroupById;
            }
        }

        return Other;
    }
}
