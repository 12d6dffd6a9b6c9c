using Ferry.Core.Csv;
using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class HashRulesTests
{
    private const string BcryptSalt = "abcdefghijABCDEFGHIJ./";
    private const string BcryptValue = "abcdefghijklmnopqrstuvwxyzABCD.";
    private static readonly string Salt = Convert.ToBase64String([1, 2, 3, 4, 5, 6, 7, 8]);

    public static TheoryData<string, int> Digests => new()
    {
        { "SHA-512", 64 },
        { "SHA-256", 32 },
        { "SHA-1", 20 },
        { "MD5", 16 },
    };

    public static TheoryData<HashCells, FieldKind, string> Malformed => new()
    {
        { Cells(null, Digest(16)), FieldKind.HashAlgorithm, "hashAlgorithm is empty; use BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2" },
        { Cells("SHA-3", Digest(16)), FieldKind.HashAlgorithm, "hashAlgorithm 'SHA-3' is not supported; use BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2" },
        { Cells("$2a$10$SecretLookingAlgorithmValue", Digest(16)), FieldKind.HashAlgorithm, "hashAlgorithm is not supported; use BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2" },
        { Cells("MD5", null), FieldKind.HashValue, "hashValue is empty" },
        { Cells("BCRYPT", BcryptValue, BcryptSalt), FieldKind.WorkFactor, "workFactor is required for BCRYPT" },
        { Cells("BCRYPT", BcryptValue, BcryptSalt, workFactor: "ten"), FieldKind.WorkFactor, "workFactor is not a whole number" },
        { Cells("BCRYPT", BcryptValue, BcryptSalt, workFactor: "0"), FieldKind.WorkFactor, "workFactor must be between 1 and 20 for BCRYPT" },
        { Cells("BCRYPT", BcryptValue, BcryptSalt, workFactor: "21"), FieldKind.WorkFactor, "workFactor must be between 1 and 20 for BCRYPT" },
        { Cells("BCRYPT", BcryptValue, null, workFactor: "10"), FieldKind.Salt, "salt must be 22 radix-64 characters (./A-Za-z0-9) for BCRYPT" },
        { Cells("BCRYPT", BcryptValue, "abcdefghijABCDEFGHIJ.+", workFactor: "10"), FieldKind.Salt, "salt must be 22 radix-64 characters (./A-Za-z0-9) for BCRYPT" },
        { Cells("BCRYPT", BcryptValue + "x", BcryptSalt, workFactor: "10"), FieldKind.HashValue, "hashValue must be 31 radix-64 characters (./A-Za-z0-9) for BCRYPT" },
        { Cells("BCRYPT", "abcdefghijklmnopqrstuvwxyzABCD$", BcryptSalt, workFactor: "10"), FieldKind.HashValue, "hashValue must be 31 radix-64 characters (./A-Za-z0-9) for BCRYPT" },
        { Cells("SHA-512", Digest(32)), FieldKind.HashValue, "hashValue must be the base64 encoding of a 64-byte digest for SHA-512" },
        { Cells("SHA-256", "not base64 at all!!"), FieldKind.HashValue, "hashValue must be the base64 encoding of a 32-byte digest for SHA-256" },
        { Cells("SHA-1", Digest(20), "not*base64", saltOrder: "PREFIX"), FieldKind.Salt, "salt must be base64" },
        { Cells("MD5", Digest(16), Salt), FieldKind.SaltOrder, "saltOrder must be PREFIX or POSTFIX for a salted hash" },
        { Cells("MD5", Digest(16), Salt, saltOrder: "MIDDLE"), FieldKind.SaltOrder, "saltOrder must be PREFIX or POSTFIX for a salted hash" },
        { Cells("PBKDF2", Digest(32), Salt, iterations: "4095", keySize: "32", digest: "SHA256_HMAC"), FieldKind.IterationCount, "iterationCount must be at least 4096 for PBKDF2" },
        { Cells("PBKDF2", Digest(32), Salt, iterations: "many", keySize: "32", digest: "SHA256_HMAC"), FieldKind.IterationCount, "iterationCount is not a whole number" },
        { Cells("PBKDF2", Digest(32), Salt, keySize: "32", digest: "SHA256_HMAC"), FieldKind.IterationCount, "iterationCount is required for PBKDF2" },
        { Cells("PBKDF2", Digest(32), Salt, iterations: "4096", digest: "SHA256_HMAC"), FieldKind.KeySize, "keySize is required for PBKDF2" },
        { Cells("PBKDF2", Digest(32), Salt, iterations: "4096", keySize: "0", digest: "SHA256_HMAC"), FieldKind.KeySize, "keySize must be a positive number of bytes for PBKDF2" },
        { Cells("PBKDF2", Digest(32), Salt, iterations: "4096", keySize: "32", digest: "MD5_HMAC"), FieldKind.DigestAlgorithm, "digestAlgorithm must be SHA256_HMAC or SHA512_HMAC for PBKDF2" },
        { Cells("PBKDF2", Digest(32), null, iterations: "4096", keySize: "32", digest: "SHA512_HMAC"), FieldKind.Salt, "salt is required for PBKDF2 and must be base64" },
        { Cells("PBKDF2", Digest(16), Salt, iterations: "4096", keySize: "32", digest: "SHA512_HMAC"), FieldKind.HashValue, "hashValue must be the base64 encoding of a keySize-byte derived key for PBKDF2" },
    };

    [Fact]
    public void Check_Bcrypt_IsValid()
    {
        var (hash, problem) = HashRules.Check(Cells("bcrypt", BcryptValue, BcryptSalt, workFactor: "10", saltOrder: "PREFIX"));

        Assert.Null(problem);
        Assert.Equal(new HashedPassword("BCRYPT", BcryptValue, BcryptSalt, null, 10, null, null, null), hash);
    }

    [Theory]
    [MemberData(nameof(Digests))]
    public void Check_DigestUnsalted_IsValid(string algorithm, int bytes)
    {
        var (hash, problem) = HashRules.Check(Cells(algorithm.ToLowerInvariant(), Digest(bytes)));

        Assert.Null(problem);
        Assert.Equal(new HashedPassword(algorithm, Digest(bytes), null, null, null, null, null, null), hash);
    }

    [Theory]
    [MemberData(nameof(Digests))]
    public void Check_DigestSalted_IsValidWithItsSaltOrder(string algorithm, int bytes)
    {
        var (hash, problem) = HashRules.Check(Cells(algorithm.Replace("-", string.Empty, StringComparison.Ordinal), Digest(bytes), Salt, saltOrder: "postfix"));

        Assert.Null(problem);
        Assert.Equal(new HashedPassword(algorithm, Digest(bytes), Salt, "POSTFIX", null, null, null, null), hash);
    }

    [Fact]
    public void Check_Pbkdf2_IsValid()
    {
        var (hash, problem) = HashRules.Check(Cells("PBKDF2", Digest(32), Salt, iterations: "4096", keySize: "32", digest: "sha512_hmac"));

        Assert.Null(problem);
        Assert.Equal(new HashedPassword("PBKDF2", Digest(32), Salt, null, null, 4096, 32, "SHA512_HMAC"), hash);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Check_MalformedShape_NamesTheColumnWithoutTheSecret(HashCells cells, FieldKind column, string message)
    {
        var (hash, problem) = HashRules.Check(cells);

        Assert.Null(hash);
        Assert.Equal(new HashProblem(column, message), problem);
        foreach (var secret in new[] { cells.Value, cells.Salt }.OfType<string>().Where(s => s.Length > 4))
        {
            Assert.DoesNotContain(secret, problem!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_HashCellsAndHashedPassword_RevealNothing()
    {
        var cells = Cells("MD5", "c2VjcmV0SGFzaFZhbHVlMQ==", "c2FsdFNlY3JldA==", saltOrder: "PREFIX");
        var (hash, _) = HashRules.Check(cells);

        Assert.DoesNotContain("c2VjcmV0", cells.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2FsdFNl", cells.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", hash!.ToString(), StringComparison.Ordinal);
    }

    private static string Digest(int bytes) => Convert.ToBase64String(Enumerable.Range(0, bytes).Select(i => (byte)(i * 7)).ToArray());

    private static HashCells Cells(
        string? algorithm,
        string? value,
        string? salt = null,
        string? saltOrder = null,
        string? workFactor = null,
        string? iterations = null,
        string? keySize = null,
        string? digest = null) => new(algorithm, value, salt, saltOrder, workFactor, iterations, keySize, digest);
}
