using System.Text.Json;

namespace Ferry.Core.Tests.Auth0;

/// <summary>
/// What Auth0 does with a file that the file does not say: it takes bcrypt as <c>$2a$</c>/<c>$2b$</c> only (PHP's
/// <c>$2y$</c> is the same algorithm, sent as <c>$2b$</c>), and imports a user without <c>email_verified</c> unverified
/// (the plan warns).
/// </summary>
public sealed class Auth0AsAuth0BehavesTests
{
    private const string Php = "$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    [Fact]
    public async Task PhpBcrypt_IsSentAs2b_InPasswordHashAndInACustomBcryptHash_OtherHashesAsGiven()
    {
        var json = "[" + string.Join(",", [
            """{"email":"a@example.com","email_verified":true,"password_hash":"PHP"}""",
            """{"email":"b@example.com","email_verified":true,"custom_password_hash":{"algorithm":"bcrypt","hash":{"value":"PHP"}}}""",
            """{"email":"c@example.com","email_verified":true,"password_hash":"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"}"""]) + "]";
        json = json.Replace("PHP", Php, StringComparison.Ordinal);

        var parsed = await Auth0TestFile.ParseAsync(json, "users.json");

        Assert.Equal(0, parsed.Plan.InvalidCount);
        Assert.Equal("$2b$" + Php[4..], parsed.User(1).GetProperty("password_hash").GetString());
        Assert.Equal("$2b$" + Php[4..], parsed.User(2).GetProperty("custom_password_hash").GetProperty("hash").GetProperty("value").GetString());
        Assert.StartsWith("$2a$", parsed.User(3).GetProperty("password_hash").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("$2y$", string.Concat(parsed.Users), StringComparison.Ordinal);
        Assert.Empty(parsed.Plan.Warnings);
    }

    [Fact]
    public async Task ACsvWithoutEmailVerified_IsPlannedWithAWarningNamingTheColumn()
    {
        var parsed = await Auth0TestFile.ParseAsync("email,given_name\na@example.com,A\nb@example.com,B\n", "users.csv");

        var warning = Assert.Single(parsed.Plan.Warnings);
        Assert.Contains("no email_verified column", warning, StringComparison.Ordinal);
        Assert.Contains("email_verified=false", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonUsersWithoutEmailVerified_AreCounted_AMetadataFieldOfThatNameIsNotTakenForIt()
    {
        var json = """
            [
              {"email":"a@example.com","email_verified":true},
              {"email":"b@example.com","app_metadata":{"email_verified":true}},
              {"email":"c@example.com","email_verified":false},
              {"email":"d@example.com"}
            ]
            """;

        var parsed = await Auth0TestFile.ParseAsync(json, "users.json");

        var warning = Assert.Single(parsed.Plan.Warnings);
        Assert.Contains("2 user(s) have no email_verified", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryUserSayingEmailVerified_NoWarning()
    {
        var parsed = await Auth0TestFile.ParseAsync("email,email_verified\na@example.com,true\nb@example.com,false\n", "users.csv");

        Assert.Empty(parsed.Plan.Warnings);
        using var document = JsonDocument.Parse(parsed.Users[1]);
        Assert.False(document.RootElement.GetProperty("email_verified").GetBoolean());
    }
}
