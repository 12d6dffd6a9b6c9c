using System.Globalization;
using System.Text;

namespace Ferry.Testing;

/// <summary>Input files for Auth0 jobs: generated CSVs, a CSV with a hash of every algorithm, Auth0's own JSON and NDJSON.</summary>
public static class Auth0Files
{
    public const string Bcrypt = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    public const string Argon2 = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
    public const string Md5Hex = "5f4dcc3b5aa765d61d8327deb882cf99";
    public const string Md4Hex = "8a9d093f14f8701df17732b2bb182c74";
    public const string Sha1Base64 = "WbPo1jfPl+2+I4TPWct0U9/jB4k=";
    public const string Sha256Hex = "1c03943fd7783c66d7b5caef930448dd20bb6af87b61aa64ead5fb0183aebecf";
    public const string Sha512Base64 = "sQnzu7wkTrgkQZF+0G1hi5AI3Qmzvv0bXgc5THBqi7mAsdd4Xll27ASbRt9fEyavWi6m0QP9B8lThf+rDKy8hg==";
    public const string HmacSha256Base64 = "qG5+J4bSgOa1sfdXdt/36KGKQc+YkwTLX7DlhSLqrco=";
    public const string Ssha = "{SSHA}2D7DXcHaxkWxjlTTFhTzbi4Z/sdhYmNk";
    public const string Pbkdf2 = "$pbkdf2-sha512$i=1000,l=64$c2FsdHNhbHRzYWx0c2FsdA$715rqIr5dXOVPpBhqqsugl037zT5bWJTWYmZtIcK8hBnisKpwfY7kokvwjDrNHqHhF50Pb7MD6HvkJwiDQw4ww";
    public const string Scrypt = "qEMNflgfnKA8lS31Bqxmx1eJnWeiHXHA8ZAL13isHRTKDtWIP2jrleFuZRPU1OraoUTE8l1tDKpPhxz1HG6c7w==";

    /// <summary>The hash values of <see cref="EveryAlgorithmCsv"/>, long enough to be looked for anywhere without false hits.</summary>
    public static IReadOnlyList<string> HashValues { get; } = [Bcrypt, Argon2, Md5Hex, Md4Hex, Sha1Base64, Sha256Hex, Sha512Base64, HmacSha256Base64, Ssha, Pbkdf2, Scrypt];

    /// <summary>The header of <see cref="EveryAlgorithmCsv"/>: Ferry's short hash columns and the dotted scrypt ones.</summary>
    public const string HashHeader = "email,given_name,family_name,hash_algorithm,hash_value,hash_encoding,hash_digest,hash_key,hash_key_encoding,salt,salt_encoding,salt_position,password_encoding,custom_password_hash.keylen,custom_password_hash.cost,custom_password_hash.blockSize,custom_password_hash.parallelization,password_hash";

    /// <summary>
    /// <paramref name="count"/> users (<c>{prefix}{n:D6}@example.com</c>, names, email_verified and a bcrypt
    /// <c>password_hash</c>: about 200 bytes of Auth0 JSON each), so 20,000 users make about ten 400 KB chunks.
    /// </summary>
    public static string Csv(string prefix, int count)
    {
        var text = new StringBuilder("email,email_verified,given_name,family_name,password_hash\n", count * 150);
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Email(prefix, i)},true,Given{i},Family{i},{Bcrypt}\n");
        }

        return text.ToString();
    }

    public static string Email(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D6}@example.com");

    /// <summary>
    /// A CSV with one user per algorithm Auth0 lists (argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512,
    /// pbkdf2, scrypt, and bcrypt as <c>password_hash</c>): rows 1–12, lines 2–13; then two broken hashes, line 14 (md5
    /// that is not hex) and line 15 (hmac without its key).
    /// </summary>
    public static string EveryAlgorithmCsv(string prefix)
    {
        string Row(int n, params string[] cells) => $"{Email(prefix, n)},Given{n},Family{n}," + string.Join(',', cells.Concat(Enumerable.Repeat("", 15 - cells.Length)));
        string[] rows =
        [
            Row(1, "argon2", $"\"{Argon2}\""),
            Row(2, "bcrypt", Bcrypt, "utf8"),
            Row(3, "hmac", HmacSha256Base64, "base64", "sha256", "secretkey", "utf8"),
            Row(4, "ldap", Ssha, "utf8"),
            Row(5, "md4", Md4Hex, "hex"),
            Row(6, "md5", Md5Hex, "hex", "", "", "", "", "", "", "latin1"),
            Row(7, "sha1", Sha1Base64, "base64", "", "", "", "salt", "utf8", "prefix"),
            Row(8, "sha256", Sha256Hex, "hex", "", "", "", "706570706572", "hex", "suffix"),
            Row(9, "sha512", Sha512Base64, "base64"),
            Row(10, "pbkdf2", $"\"{Pbkdf2}\"", "utf8"),
            Row(11, "scrypt", Scrypt, "base64", "", "", "", "NaCl", "utf8", "", "", "64", "16384", "8", "1"),
            Row(12, "", "", "", "", "", "", "", "", "", "", "", "", "", "", Bcrypt),
            Row(13, "md5", "not-hex-at-all", "hex"),
            Row(14, "hmac", HmacSha256Base64, "base64", "sha256"),
        ];
        return $"{HashHeader}\n{string.Join('\n', rows)}\n";
    }

    /// <summary>
    /// Auth0's bulk-import example, as its docs show it (a JSON array): two users with metadata, one with a
    /// <c>custom_password_hash</c>, one blocked with a bcrypt <c>password_hash</c>.
    /// </summary>
    public static string SeedJson(string prefix) => $$"""
        [
          {
            "email": "{{Email(prefix, 1)}}",
            "email_verified": false,
            "app_metadata": {
              "roles": ["admin"],
              "plan": "premium"
            },
            "user_metadata": {
              "theme": "light"
            }
          },
          {
            "email": "{{Email(prefix, 2)}}",
            "email_verified": true,
            "given_name": "Jane",
            "family_name": "Doe",
            "name": "Jane Doe",
            "nickname": "jane",
            "custom_password_hash": {
              "algorithm": "sha256",
              "hash": { "value": "{{Sha256Hex}}", "encoding": "hex" },
              "salt": { "value": "abc123", "encoding": "utf8", "position": "prefix" }
            }
          },
          {
            "email": "{{Email(prefix, 3)}}",
            "email_verified": true,
            "username": "{{prefix}}jdoe3",
            "blocked": true,
            "password_hash": "{{Bcrypt}}"
          }
        ]
        """;

    /// <summary>What Auth0's user export writes: one JSON user per line.</summary>
    public static string Ndjson(string prefix, int count)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$$"""{"email":"{{{Email(prefix, i)}}}","email_verified":true,"name":"Exported {{{i}}}","user_metadata":{"lang":"en"}}""").Append('\n');
        }

        return text.ToString();
    }
}
