using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

/// <summary>Auth0's bulk-import schema: each rejected user is listed by the errors endpoint with Auth0's codes and paths.</summary>
public sealed class UserSchemaTests
{
    private const string Bcrypt = "$2b$10$nM4N2gBBc0p6t1zw5y1nYOcEyXcX7gOkM7jk3D5QzqA9MBsLJhEaa";

    [Theory]
    [InlineData("""{"given_name":"No Email"}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: email", "")]
    [InlineData("""{"email":"x"}""", "INVALID_FORMAT", "Object didn't pass validation for format email: x", "email")]
    [InlineData("""{"email":"a@example.com","email_verified":"true"}""", "INVALID_TYPE", "Expected type boolean but found type string", "email_verified")]
    [InlineData("""{"email":"a@example.com","blocked":1}""", "INVALID_TYPE", "Expected type boolean but found type integer", "blocked")]
    [InlineData("""{"email":"a@example.com","app_metadata":[]}""", "INVALID_TYPE", "Expected type object but found type array", "app_metadata")]
    [InlineData("""{"email":"a@example.com","foo":1}""", "OBJECT_ADDITIONAL_PROPERTIES", "Additional properties not allowed: foo", "")]
    [InlineData("""{"email":"a@example.com","password_hash":"$1$notbcrypt"}""", "PATTERN", "String does not match pattern ^\\$2[ab]\\$\\d{2}\\$[./A-Za-z0-9]{53}$: $1$notbcrypt", "password_hash")]
    [InlineData("""{"email":"a@example.com","password_hash":"$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"}""", "PATTERN", "String does not match pattern ^\\$2[ab]\\$\\d{2}\\$[./A-Za-z0-9]{53}$: $2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "password_hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"rot13","hash":{"value":"x"}}}""", "ENUM_MISMATCH", "No enum match for: \"rot13\"", "custom_password_hash.algorithm")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"md5"}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: hash", "custom_password_hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"md5","hash":{"encoding":"hex"}}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: value", "custom_password_hash.hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"sha256","hash":{"value":"x","encoding":"base32"}}}""", "ENUM_MISMATCH", "No enum match for: \"base32\"", "custom_password_hash.hash.encoding")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"bcrypt","hash":{"value":"x","encoding":"hex"}}}""", "ENUM_MISMATCH", "No enum match for: \"hex\"", "custom_password_hash.hash.encoding")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"sha1","hash":{"value":"x"},"salt":{"value":"s","position":"middle"}}}""", "ENUM_MISMATCH", "No enum match for: \"middle\"", "custom_password_hash.salt.position")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"hmac","hash":{"value":"x","key":{"value":"k"}}}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: digest", "custom_password_hash.hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"hmac","hash":{"value":"x","digest":"sha256"}}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: key", "custom_password_hash.hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"scrypt","hash":{"value":"x"},"keylen":64,"cost":16384,"blockSize":8,"parallelization":1}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: salt", "custom_password_hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"scrypt","hash":{"value":"x"},"keylen":64,"cost":16384,"blockSize":8,"salt":{"value":"s"}}}""", "OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: parallelization", "custom_password_hash")]
    [InlineData("""{"email":"a@example.com","custom_password_hash":{"algorithm":"md5","hash":{"value":"x"},"pepper":1}}""", "OBJECT_ADDITIONAL_PROPERTIES", "Additional properties not allowed: pepper", "custom_password_hash")]
    public async Task Import_InvalidUser_IsRejectedWithAuth0sError(string user, string code, string message, string path)
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();

        var job = await client.RunJobAsync(time, Auth0Http.Users(user, """{"email":"fine@example.com"}"""));
        var errors = await client.GetErrorsAsync((string)job["id"]!);

        Assert.Equal("completed", (string?)job["status"]);
        Assert.Equal(1, (int)job["summary"]!["failed"]!);
        Assert.Equal(1, (int)job["summary"]!["inserted"]!);
        var failure = Assert.Single(errors)!;
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(user)!.ToJsonString(), failure["user"]!.ToJsonString());
        var error = Assert.Single(failure["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(message, (string?)error["message"]);
        Assert.Equal(path, (string?)error["path"]);
    }

    [Fact]
    public async Task Import_EveryDocumentedProperty_IsAcceptedAndNoHashIsReturned()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        var users = Auth0Http.Users(
            $$$"""
            {"email":"full@example.com","email_verified":true,"user_id":"full-1","username":"full","given_name":"Full","family_name":"User",
             "name":"Full User","nickname":"fu","picture":"https://example.com/p.png","blocked":false,"password_hash":"{{{Bcrypt}}}",
             "app_metadata":{"plan":"gold"},"user_metadata":{"lang":"en"},"mfa_factors":[{"totp":{"secret":"2PRXZWZAYYDAWCD"}}]}
            """,
            """{"email":"hmac@example.com","custom_password_hash":{"algorithm":"hmac","hash":{"value":"aGFzaA==","encoding":"base64","digest":"sha256","key":{"value":"a2V5","encoding":"base64"}}}}""",
            """{"email":"scrypt@example.com","custom_password_hash":{"algorithm":"scrypt","hash":{"value":"aGFzaA==","encoding":"base64"},"keylen":64,"cost":16384,"blockSize":8,"parallelization":1,"salt":{"value":"c2FsdA==","encoding":"base64"},"password":{"encoding":"utf8"}}}""",
            """{"email":"sha@example.com","custom_password_hash":{"algorithm":"sha512","hash":{"value":"abcd","encoding":"hex"},"salt":{"value":"s","encoding":"utf8","position":"suffix"}}}""",
            """{"email":"argon@example.com","custom_password_hash":{"algorithm":"argon2","hash":{"value":"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"}}}""");

        var job = await client.RunJobAsync(time, users);
        var full = await (await client.GetAsync(new Uri("/api/v2/users/auth0%7Cfull-1", UriKind.Relative))).ReadJsonAsync();

        Assert.Equal(0, (int)job["summary"]!["failed"]!);
        Assert.Equal(5, (int)job["summary"]!["inserted"]!);
        Assert.Equal("Full User", (string?)full["name"]);
        Assert.Equal("gold", (string?)full["app_metadata"]!["plan"]);
        Assert.Equal(0, (int)full["logins_count"]!);
        Assert.Equal("full-1", (string?)full["identities"]![0]!["user_id"]);
        Assert.Equal("auth0", (string?)full["identities"]![0]!["provider"]);
        Assert.False((bool)full["identities"]![0]!["isSocial"]!);
        var text = full.ToJsonString();
        Assert.DoesNotContain("password", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Bcrypt, text, StringComparison.Ordinal);
        Assert.DoesNotContain("mfa_factors", text, StringComparison.Ordinal);
    }
}
