using Ferry.Testing;

namespace Ferry.Core.Tests.Auth0;

/// <summary>password_hash and custom_password_hash for every algorithm Auth0 imports: valid forms pass, broken ones name the field, never the secret.</summary>
public sealed class Auth0HashTests
{
    public const string Bcrypt = Auth0Files.Bcrypt;
    public const string Argon2 = Auth0Files.Argon2;
    public const string Md5Hex = Auth0Files.Md5Hex;
    public const string Md4Hex = Auth0Files.Md4Hex;
    public const string Sha1Base64 = Auth0Files.Sha1Base64;
    public const string Sha256Hex = Auth0Files.Sha256Hex;
    public const string Sha512Base64 = Auth0Files.Sha512Base64;
    public const string HmacSha256Base64 = Auth0Files.HmacSha256Base64;
    public const string Ssha = Auth0Files.Ssha;
    public const string Pbkdf2 = Auth0Files.Pbkdf2;
    public const string Scrypt = Auth0Files.Scrypt;

    public static TheoryData<string> ValidHashes => new()
    {
        "{\"algorithm\":\"argon2\",\"hash\":{\"value\":\"" + Argon2 + "\"}}",
        "{\"algorithm\":\"argon2\",\"hash\":{\"value\":\"" + (Argon2.Replace("argon2id", "argon2i", StringComparison.Ordinal)) + "\",\"encoding\":\"utf8\"}}",
        "{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"" + Bcrypt + "\"}}",
        "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"digest\":\"sha256\",\"key\":{\"value\":\"secretkey\",\"encoding\":\"utf8\"}}}",
        "{\"algorithm\":\"ldap\",\"hash\":{\"value\":\"" + Ssha + "\",\"encoding\":\"utf8\"}}",
        "{\"algorithm\":\"md4\",\"hash\":{\"value\":\"" + Md4Hex + "\",\"encoding\":\"hex\"}}",
        "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + (Md5Hex.ToUpperInvariant()) + "\",\"encoding\":\"hex\"},\"password\":{\"encoding\":\"latin1\"}}",
        "{\"algorithm\":\"sha1\",\"hash\":{\"value\":\"" + Sha1Base64 + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"salt\",\"encoding\":\"utf8\",\"position\":\"prefix\"}}",
        "{\"algorithm\":\"sha256\",\"hash\":{\"value\":\"" + Sha256Hex + "\",\"encoding\":\"hex\"},\"salt\":{\"value\":\"706570706572\",\"encoding\":\"hex\",\"position\":\"suffix\"}}",
        "{\"algorithm\":\"sha512\",\"hash\":{\"value\":\"" + (Sha512Base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')) + "\",\"encoding\":\"base64\"}}",
        "{\"algorithm\":\"pbkdf2\",\"hash\":{\"value\":\"" + Pbkdf2 + "\",\"encoding\":\"utf8\"}}",
        "{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"NaCl\",\"encoding\":\"utf8\"},\"keylen\":64,\"cost\":16384,\"blockSize\":8,\"parallelization\":1}",
    };

    /// <summary>A broken hash, the field at fault, the start of the message, and the secret that must not appear.</summary>
    public static TheoryData<string, string, string, string> BrokenHashes => new()
    {
        { """{"hash":{"value":"x"}}""", "custom_password_hash.algorithm", "custom_password_hash.algorithm is required: one of argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512, pbkdf2, scrypt", "x" },
        { """{"algorithm":"MD5","hash":{"value":"x"}}""", "custom_password_hash.algorithm", "custom_password_hash.algorithm is not an algorithm Auth0 imports", "x" },
        { """{"algorithm":"md5"}""", "custom_password_hash.hash.value", "custom_password_hash.hash.value is required for md5", "§" },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "\"}}", "custom_password_hash.hash.encoding", "custom_password_hash.hash.encoding is required for md5: base64 or hex", Md5Hex },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "z\",\"encoding\":\"hex\"}}", "custom_password_hash.hash.value", "custom_password_hash.hash.value is not valid hex", Md5Hex },
        { "{\"algorithm\":\"sha256\",\"hash\":{\"value\":\"" + Md5Hex + "\",\"encoding\":\"hex\"}}", "custom_password_hash.hash.value", "custom_password_hash.hash.value must decode to 32 bytes for sha256 (it decodes to 16)", Md5Hex },
        { "{\"algorithm\":\"sha1\",\"hash\":{\"value\":\"" + Sha1Base64 + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"s3cr3tsalt\"}}", "custom_password_hash.salt.position", "custom_password_hash.salt.position is required with a salt for sha1: prefix or suffix", "s3cr3tsalt" },
        { "{\"algorithm\":\"sha1\",\"hash\":{\"value\":\"" + Sha1Base64 + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"not base64!\",\"encoding\":\"base64\",\"position\":\"prefix\"}}", "custom_password_hash.salt.value", "custom_password_hash.salt.value is not valid base64", Sha1Base64 },
        { "{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"" + Bcrypt[..^1] + "\"}}", "custom_password_hash.hash.value", "custom_password_hash.hash.value must be a bcrypt hash", Bcrypt[..^1] },
        { "{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"" + Bcrypt + "\",\"encoding\":\"base64\"}}", "custom_password_hash.hash.encoding", "custom_password_hash.hash.encoding must be utf8 for bcrypt (or left out)", Bcrypt },
        { "{\"algorithm\":\"argon2\",\"hash\":{\"value\":\"$argon2x$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA\"}}", "custom_password_hash.hash.value", "custom_password_hash.hash.value must be an argon2 hash in PHC form", "aGFzaA" },
        { "{\"algorithm\":\"argon2\",\"hash\":{\"value\":\"" + Argon2 + "\"},\"salt\":{\"value\":\"pepper1\",\"position\":\"prefix\"}}", "custom_password_hash.salt", "custom_password_hash.salt does not apply to argon2", "pepper1" },
        { "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"key\":{\"value\":\"secretkey\",\"encoding\":\"utf8\"}}}", "custom_password_hash.hash.digest", "custom_password_hash.hash.digest is required for hmac: one of md4, md5, ripemd160, sha1, sha224, sha256, sha384, sha512", "secretkey" },
        { "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"digest\":\"sha256\"}}", "custom_password_hash.hash.key.value", "custom_password_hash.hash.key.value is required for hmac", HmacSha256Base64 },
        { "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"digest\":\"sha256\",\"key\":{\"value\":\"secretkey\"}}}", "custom_password_hash.hash.key.encoding", "custom_password_hash.hash.key.encoding is required: base64, hex or utf8", "secretkey" },
        { "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"digest\":\"sha512\",\"key\":{\"value\":\"secretkey\",\"encoding\":\"utf8\"}}}", "custom_password_hash.hash.value", "custom_password_hash.hash.value must decode to 64 bytes for hmac with sha512 (it decodes to 32)", HmacSha256Base64 },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "\",\"encoding\":\"hex\",\"digest\":\"sha256\"}}", "custom_password_hash.hash.digest", "custom_password_hash.hash.digest applies only to hmac", Md5Hex },
        { """{"algorithm":"ldap","hash":{"value":"{CRYPT}abcdefgh"}}""", "custom_password_hash.hash.value", "custom_password_hash.hash.value must be an RFC 2307 hash that starts with its scheme", "abcdefgh" },
        { """{"algorithm":"ldap","hash":{"value":"{SHA}c2hvcnQ="}}""", "custom_password_hash.hash.value", "custom_password_hash.hash.value must be base64 of a 20-byte digest after the scheme", "c2hvcnQ=" },
        { """{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=0$c2FsdA$aGFzaA"}}""", "custom_password_hash.hash.value", "custom_password_hash.hash.value must be a PBKDF2 hash in PHC form", "aGFzaA" },
        { "{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"keylen\":64}", "custom_password_hash.salt.value", "custom_password_hash.salt.value is required for scrypt", Scrypt },
        { "{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"NaCl\"}}", "custom_password_hash.keylen", "custom_password_hash.keylen is required for scrypt", "NaCl" },
        { "{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"NaCl\"},\"keylen\":\"64\"}", "custom_password_hash.keylen", "custom_password_hash.keylen must be a positive whole number", "NaCl" },
        { "{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"NaCl\"},\"keylen\":32}", "custom_password_hash.hash.value", "custom_password_hash.hash.value must decode to keylen (32) bytes for scrypt (it decodes to 64)", Scrypt },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "\",\"encoding\":\"hex\"},\"keylen\":16}", "custom_password_hash.keylen", "custom_password_hash.keylen applies only to scrypt", Md5Hex },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "\",\"encoding\":\"hex\"},\"password\":{\"encoding\":\"utf16\"}}", "custom_password_hash.password.encoding", "custom_password_hash.password.encoding must be one of ascii, utf8, utf16le, ucs2, latin1, binary", Md5Hex },
        { "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"" + Md5Hex + "\",\"encoding\":\"hex\"},\"iterations\":3}", "custom_password_hash.iterations", "custom_password_hash has an unknown property 'iterations'", Md5Hex },
    };

    [Theory]
    [MemberData(nameof(ValidHashes))]
    public async Task PlanAsync_CustomHashOfEachAlgorithm_IsValidAndSentAsGiven(string hash)
    {
        var parsed = await Auth0TestFile.ParseAsync("[{\"email\":\"a@example.com\",\"custom_password_hash\":" + hash + "}]", "users.json");

        Assert.Empty(parsed.Plan.FirstErrors);
        Assert.Equal("{\"email\":\"a@example.com\",\"custom_password_hash\":" + hash + "}", parsed.Users.Single());
    }

    [Theory]
    [MemberData(nameof(BrokenHashes))]
    public async Task PlanAsync_BrokenCustomHash_IsARowErrorNamingTheFieldWithoutTheSecret(string hash, string field, string message, string secret)
    {
        var parsed = await Auth0TestFile.ParseAsync("[{\"email\":\"a@example.com\",\"custom_password_hash\":" + hash + "}]", "users.json");

        var error = parsed.Error(1);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, parsed.Plan.FirstErrors.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Bcrypt, null)]
    [InlineData("$2a$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", null)]
    [InlineData("$2y$04$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", null)]
    [InlineData("$2x$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "password_hash must be a bcrypt hash")]
    [InlineData("$2b$1$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "password_hash must be a bcrypt hash")]
    [InlineData("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW", "password_hash must be a bcrypt hash")]
    [InlineData(Md5Hex, "password_hash must be a bcrypt hash")]
    public async Task PlanAsync_PasswordHash_MustBeBcrypt(string hash, string? message)
    {
        var parsed = await Auth0TestFile.ParseAsync("[{\"email\":\"a@example.com\",\"password_hash\":\"" + hash + "\"}]", "users.json");

        var error = parsed.Records.Single().Error;
        Assert.Equal(message, error?.Message[..Math.Min(error.Message.Length, message?.Length ?? 0)]);
        Assert.DoesNotContain(hash, error?.Message ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_BothHashes_IsARowError()
    {
        var parsed = await Auth0TestFile.ParseAsync(
            "[{\"email\":\"a@example.com\",\"password_hash\":\"" + Bcrypt + "\",\"custom_password_hash\":{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"" + Bcrypt + "\"}}}]",
            "users.json");

        Assert.Equal("password_hash and custom_password_hash are both set; give one hash", parsed.Error(1).Message);
    }
}
