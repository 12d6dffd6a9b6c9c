using Ferry.Sandbox.RateLimits;

namespace Ferry.Sandbox.Tests.RateLimits;

public sealed class RateLimitCatalogTests
{
    [Theory]
    [InlineData("GET", "/api/v1/users", "users")]
    [InlineData("POST", "/api/v1/users", "users")]
    [InlineData("GET", "/api/v1/users/00u1", "userGet")]
    [InlineData("GET", "/api/v1/users/jane%40example.com", "userGet")]
    [InlineData("POST", "/api/v1/users/00u1", "userUpdate")]
    [InlineData("DELETE", "/api/v1/users/00u1", "userUpdate")]
    [InlineData("POST", "/api/v1/users/00u1/lifecycle/activate", "other")]
    [InlineData("GET", "/api/v1/users/00u1/groups", "other")]
    [InlineData("GET", "/api/v1/groups", "groups")]
    [InlineData("POST", "/api/v1/groups", "groups")]
    [InlineData("GET", "/api/v1/groups/00g1", "groupById")]
    [InlineData("PUT", "/api/v1/groups/00g1/users/00u1", "other")]
    [InlineData("GET", "/api/v1/groups/00g1/users", "other")]
    [InlineData("GET", "/api/v1/apps", "other")]
    public void Classify_FollowsOktasMostSpecificBucket(string method, string path, string bucket)
    {
        Assert.Equal(bucket, RateLimitCatalog.Classify(method, path).Name);
    }

    [Fact]
    public void EnterpriseLimits_AreOktasPublishedFigures()
    {
        Assert.Equal(
            new Dictionary<string, int> { ["users"] = 600, ["userGet"] = 1000, ["userUpdate"] = 600, ["groups"] = 600, ["groupById"] = 600, ["other"] = 600 },
            RateLimitCatalog.All.ToDictionary(b => b.Name, b => b.EnterpriseLimitPerMinute));
    }

    [Theory]
    [InlineData(1.0, 600)]
    [InlineData(0.05, 30)]
    [InlineData(0.0001, 1)]
    public void EffectiveLimit_AppliesTheMultiplier_ButNeverBelowOne(double multiplier, int expected)
    {
        var options = new RateLimitOptions { Multiplier = multiplier };

        Assert.Equal(expected, RateLimiter.EffectiveLimit(options, RateLimitCatalog.Users));
    }

    [Fact]
    public void EffectiveLimit_UsesTheConfiguredLimitForABucket()
    {
        var options = new RateLimitOptions { Multiplier = 2, Limits = { ["groups"] = 50 } };

        Assert.Equal(100, RateLimiter.EffectiveLimit(options, RateLimitCatalog.Groups));
        Assert.Equal(1200, RateLimiter.EffectiveLimit(options, RateLimitCatalog.Users));
    }
}
