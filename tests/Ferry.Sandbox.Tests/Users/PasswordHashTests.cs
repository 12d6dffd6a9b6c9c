using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Users;

/// <summary>Imported hashes for every algorithm Okta accepts, with the shape checks Okta applies.</summary>
public sealed class PasswordHashTests
{
    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("pepper-and-salt!");
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("correct horse battery staple");

    public static TheoryData<string, string> ValidHashes => new()
    {
        { "BCRYPT", """{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}""" },
        { "SHA-512 salted", Digest("SHA-512", SHA512.HashData([.. Salt, .. Password]), salted: true) },
        { "SHA-256 salted", Digest("SHA-256", SHA256.HashData([.. Password, .. Salt]), salted: true, order: "POSTFIX") },
        { "SHA-1 unsalted", Digest("SHA-1", SHA1.HashData(Password), salted: false) },
        { "MD5 salted", Digest("MD5", MD5.HashData([.. Salt, .. Password]), salted: true) },
        {
            "PBKDF2 SHA256",
            $$"""{"algorithm":"PBKDF2","iterationCount":4096,"keySize":32,"digestAlgorithm":"SHA256_HMAC","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Password, Salt, 4096, HashAlgorithmName.SHA256, 32))}}"}"""
        },
        {
            "PBKDF2 SHA512",
            $$"""{"algorithm":"PBKDF2","iterationCount":10000,"keySize":64,"digestAlgorithm":"SHA512_HMAC","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Password, Salt, 10000, HashAlgorithmName.SHA512, 64))}}"}"""
        },
    };

    public static TheoryData<string, string> MalformedHashes => new()
    {
        { "unknown algorithm", """{"algorithm":"SHA-3","value":"AAAA"}""" },
        { "no value", """{"algorithm":"SHA-1"}""" },
        { "bcrypt without work factor", """{"algorithm":"BCRYPT","salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}""" },
        { "bcrypt work factor 21", """{"algorithm":"BCRYPT","workFactor":21,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}""" },
        { "bcrypt short salt", """{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}""" },
        { "bcrypt value not radix-64", """{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8T!a"}""" },
        { "sha-256 wrong digest length", $$"""{"algorithm":"SHA-256","value":"{{Convert.ToBase64String(SHA1.HashData(Password))}}"}""" },
        { "sha-512 not base64", """{"algorithm":"SHA-512","value":"this is not base64"}""" },
        { "salted without salt order", $$"""{"algorithm":"MD5","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(MD5.HashData(Password))}}"}""" },
        { "empty salt", $$"""{"algorithm":"MD5","salt":"","saltOrder":"PREFIX","value":"{{Convert.ToBase64String(MD5.HashData(Password))}}"}""" },
        { "pbkdf2 low iterations", $$"""{"algorithm":"PBKDF2","iterationCount":1000,"keySize":32,"digestAlgorithm":"SHA256_HMAC","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(new byte[32])}}"}""" },
        { "pbkdf2 wrong digest", $$"""{"algorithm":"PBKDF2","iterationCount":4096,"keySize":32,"digestAlgorithm":"MD5_HMAC","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(new byte[32])}}"}""" },
        { "pbkdf2 key size mismatch", $$"""{"algorithm":"PBKDF2","iterationCount":4096,"keySize":64,"digestAlgorithm":"SHA256_HMAC","salt":"{{Convert.ToBase64String(Salt)}}","value":"{{Convert.ToBase64String(new byte[32])}}"}""" },
        { "pbkdf2 without salt", $$"""{"algorithm":"PBKDF2","iterationCount":4096,"keySize":32,"digestAlgorithm":"SHA256_HMAC","value":"{{Convert.ToBase64String(new byte[32])}}"}""" },
    };

    [Theory]
    [MemberData(nameof(ValidHashes))]
    public async Task Create_WithImportedHash_IsActive_WithImportProvider(string name, string hash)
    {
        Assert.NotNull(name);
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=true",
            $$"""{"profile":{"firstName":"H","lastName":"Ash","email":"hash@example.com","login":"hash@example.com"},"credentials":{"password":{"hash":{{hash}}} } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var user = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Assert.Equal("ACTIVE", (string?)user["status"]);
        Assert.Equal("IMPORT", (string?)user["credentials"]!["provider"]!["type"]);
        Assert.Empty(user["credentials"]!["password"]!.AsObject());
        Assert.DoesNotContain("\"hash\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedHashes))]
    public async Task Create_WithMalformedHash_IsApiValidationFailedPassword(string name, string hash)
    {
        Assert.NotNull(name);
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=true",
            $$"""{"profile":{"firstName":"H","lastName":"Ash","email":"hash@example.com","login":"hash@example.com"},"credentials":{"password":{"hash":{{hash}}} } }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: password");
        Assert.All(causes, c => Assert.StartsWith("password: ", c, StringComparison.Ordinal));
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["users"]!);
    }

    [Fact]
    public async Task Create_WithBothPasswordValueAndHash_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=true",
            """{"profile":{"firstName":"H","lastName":"Ash","email":"hash@example.com","login":"hash@example.com"},"credentials":{"password":{"value":"Abcdefg12","hash":{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}}}}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: password");
    }

    private static string Digest(string algorithm, byte[] digest, bool salted, string order = "PREFIX") => salted
        ? $$"""{"algorithm":"{{algorithm}}","salt":"{{Convert.ToBase64String(Salt)}}","saltOrder":"{{order}}","value":"{{Convert.ToBase64String(digest)}}"}"""
        : $$"""{"algorithm":"{{algorithm}}","value":"{{Convert.ToBase64String(digest)}}"}""";
}
