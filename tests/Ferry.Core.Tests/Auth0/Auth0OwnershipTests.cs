using System.Text;
using System.Text.Json;
using Ferry.Core.Auth0;

namespace Ferry.Core.Tests.Auth0;

/// <summary>
/// The job's mark on every user it sends (<c>app_metadata.ferry_job</c>): added, merged into the user's own metadata,
/// replacing one an export carried, the same bytes in the plan and in every chunk read, and counted in the chunk cap.
/// </summary>
public sealed class Auth0OwnershipTests
{
    private const string Job = "users.json-0123456789ab";

    [Theory]
    [InlineData("""{"email":"a@x.com"}""", """{"email":"a@x.com","app_metadata":{"ferry_job":"users.json-0123456789ab"}}""")]
    [InlineData(
        """{"email":"a@x.com","app_metadata":{"plan":"gold"},"given_name":"A"}""",
        """{"email":"a@x.com","app_metadata":{"plan":"gold","ferry_job":"users.json-0123456789ab"},"given_name":"A"}""")]
    [InlineData(
        """{"email":"a@x.com","app_metadata":{"ferry_job":"an-earlier-load","roles":["x"]}}""",
        """{"email":"a@x.com","app_metadata":{"roles":["x"],"ferry_job":"users.json-0123456789ab"}}""")]
    [InlineData("""{"email":"é@x.com","app_metadata":{}}""", """{"email":"é@x.com","app_metadata":{"ferry_job":"users.json-0123456789ab"}}""")]
    public void Tag_AddsTheJobId_KeepingTheUsersOwnMetadata(string user, string tagged) =>
        Assert.Equal(tagged, Encoding.UTF8.GetString(Auth0Ownership.Tag(Encoding.UTF8.GetBytes(user), Job)));

    [Fact]
    public void Owner_ReadsTheMark_OrNullForUsersWithoutOne()
    {
        using var marked = JsonDocument.Parse("""{"user_id":"auth0|1","app_metadata":{"ferry_job":"j-1","plan":"x"}}""");
        using var unmarked = JsonDocument.Parse("""{"user_id":"auth0|2","app_metadata":{"plan":"x"}}""");
        using var notText = JsonDocument.Parse("""{"user_id":"auth0|3","app_metadata":{"ferry_job":7}}""");
        using var none = JsonDocument.Parse("""{"user_id":"auth0|4"}""");

        Assert.Equal("j-1", Auth0Ownership.Owner(marked.RootElement));
        Assert.Null(Auth0Ownership.Owner(unmarked.RootElement));
        Assert.Null(Auth0Ownership.Owner(notText.RootElement));
        Assert.Null(Auth0Ownership.Owner(none.RootElement));
    }

    [Fact]
    public async Task PlanAndChunkReads_CarryTheMark_OnEveryUser_WithTheSameBytes()
    {
        var csv = new StringBuilder("email,given_name,app_metadata.plan\n");
        for (var i = 1; i <= 500; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"u{i}@example.com,Given{i},{(i % 2 == 0 ? "gold" : "")}\n");
        }

        var parsed = await Auth0TestFile.ParseAsync(csv.ToString(), "users.csv", settings: new Auth0PlanSettings(MaxChunkBytes: 16_384) { OwnerTag = Job });

        Assert.Equal(Job, parsed.Plan.OwnerTag);
        Assert.True(parsed.Plan.Chunks.Count > 1, "the file fits one chunk: the test needs several");
        Assert.Equal(500, parsed.Users.Count);
        Assert.All(parsed.Users, u =>
        {
            using var user = JsonDocument.Parse(u);
            Assert.Equal(Job, Auth0Ownership.Owner(user.RootElement));
        });
    }

    [Fact]
    public async Task TheMark_CountsTowardTheChunkCap_AUserThatFitsOnlyWithoutIt_IsTooLarge()
    {
        var padding = new string('p', 300);
        var json = $$"""[{"email":"a@example.com","given_name":"{{padding}}"}]""";
        var bare = await Auth0TestFile.ParseAsync(json, "users.json", settings: new Auth0PlanSettings(MaxChunkBytes: 360));
        var marked = await Auth0TestFile.PlanAsync(Auth0TestFile.Utf8(json), "users.json", settings: new Auth0PlanSettings(MaxChunkBytes: 360) { OwnerTag = Job });

        Assert.Equal(0, bare.Plan.InvalidCount);
        Assert.Equal(1, marked.Plan!.InvalidCount);
        Assert.Contains("more than one import file may hold", marked.Plan.FirstErrors[0], StringComparison.Ordinal);
    }
}
