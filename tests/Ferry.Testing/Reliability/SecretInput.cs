using System.Security.Cryptography;
using System.Text;

namespace Ferry.Testing.Reliability;

/// <summary>
/// An import file in which every row carries a secret — a password, or an imported hash of each algorithm Ferry
/// supports with its salt — followed by rows that carry secrets and are invalid (or that Okta rejects), and the list
/// of every secret value in it. Values are random and long, so finding one anywhere cannot be chance.
/// </summary>
public sealed class SecretInput
{
    public const string Header = "login,email,firstName,lastName,password,hashAlgorithm,hashValue,salt,saltOrder,workFactor,iterationCount,keySize,digestAlgorithm,groups";

    private const string Radix64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Domain = "secrets.example.com";

    private readonly StringBuilder _csv = new(Header + "\n");
    private readonly List<(string Kind, int Line, string Value)> _secrets = [];
    private int _line = 1;

    private SecretInput(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            ValidRow(i);
        }

        InvalidRows(first: rows);
        ValidRows = rows;
    }

    public byte[] Bytes => Encoding.UTF8.GetBytes(_csv.ToString());

    public int ValidRows { get; }

    /// <summary>Rows Okta refuses (a password its policy rejects): reported failed, worth no rerun but tried by one.</summary>
    public int RejectedRows { get; private set; }

    public int InvalidRowCount { get; private set; }

    /// <summary>Every password, hash value and salt in the file: (what, the line it is on, the value).</summary>
    public IReadOnlyList<(string Kind, int Line, string Value)> Secrets => _secrets;

    public static SecretInput Create(int rows) => new(rows);

    private void ValidRow(int i)
    {
        var login = $"user{i}@{Domain}";
        var cells = (i % 7) switch
        {
            0 => Row(login, password: Password()),
            1 => Row(login, "BCRYPT", Secret("hashValue", Random(Radix64, 31)), Secret("salt", Random(Radix64, 22)), workFactor: "10"),
            2 => Row(login, "SHA-512", Secret("hashValue", Base64(64)), Secret("salt", Base64(16)), "PREFIX"),
            3 => Row(login, "SHA-256", Secret("hashValue", Base64(32)), Secret("salt", Base64(16)), "POSTFIX"),
            4 => Row(login, "SHA-1", Secret("hashValue", Base64(20)), Secret("salt", Base64(16)), "PREFIX"),
            5 => Row(login, "MD5", Secret("hashValue", Base64(16)), Secret("salt", Base64(16)), "POSTFIX"),
            _ => Row(login, "PBKDF2", Secret("hashValue", Base64(32)), Secret("salt", Base64(16)), iterationCount: "10000", keySize: "32", digest: "SHA256_HMAC"),
        };
        Add(cells);
    }

    /// <summary>Invalid rows that still carry secrets, a row Okta rejects, and last a quote never closed that swallows the rest.</summary>
    private void InvalidRows(int first)
    {
        var i = first;
        Add(Row("not-an-email", password: Password()), invalid: true);
        Add(Row($"both{i}@{Domain}", "MD5", Secret("hashValue", Base64(16)), null, password: Password()), invalid: true);
        Add(Row($"shape{i}@{Domain}", "SHA-256", Secret("hashValue", Base64(16)), Secret("salt", Base64(16)), "PREFIX"), invalid: true);
        Add(Row($"user0@{Domain}", password: Password()), invalid: true); // a repeat of line 2's login
        Add(Row($"long{i}@{Domain}", "BCRYPT", Secret("hashValue", Random(Radix64, 31)), Secret("salt", Random(Radix64, 22)), workFactor: "10", firstName: new string('F', 51)), invalid: true);
        Add(Row($"extra{i}@{Domain}", password: Password()) + ",an extra cell", invalid: true);
        Add(Row($"salt{i}@{Domain}", "SHA-1", Secret("hashValue", Base64(20)), Secret("salt", Base64(16)), saltOrder: null), invalid: true);
        RejectedRows++;
        Add(Row($"weak{i}@{Domain}", password: Secret("password", Random("abcdefghijklmnopqrstuvwxyz", 24))));
        // The login cell opens a quote that is never closed: the rest of the file, secrets and all, is one cell.
        Add("\"" + Row($"open{i}@{Domain}", password: Password()), invalid: true);
        Swallowed(Row($"swallowed{i}@{Domain}", password: Password()));
        Swallowed(Row($"swallowed{i + 1}@{Domain}", "SHA-512", Secret("hashValue", Base64(64)), Secret("salt", Base64(16)), "PREFIX"));
    }

    private void Add(string row, bool invalid = false)
    {
        _csv.Append(row).Append('\n');
        _line++;
        InvalidRowCount += invalid ? 1 : 0;
    }

    /// <summary>A line inside the cell a quote never closed: no row of its own.</summary>
    private void Swallowed(string line)
    {
        _csv.Append(line).Append('\n');
        _line++;
    }

    private string Row(
        string login,
        string? algorithm = null,
        string? hash = null,
        string? salt = null,
        string? saltOrder = null,
        string? workFactor = null,
        string? iterationCount = null,
        string? keySize = null,
        string? digest = null,
        string? password = null,
        string firstName = "Sec") =>
        string.Join(',', login, login.Contains('@', StringComparison.Ordinal) ? login : "", firstName, "Ret", password, algorithm, hash, salt, saltOrder, workFactor, iterationCount, keySize, digest, "Vault Users");

    private string Password() => Secret("password", "Pw-" + Random("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24) + "-k9");

    private string Secret(string kind, string value)
    {
        _secrets.Add((kind, _line + 1, value));
        return value;
    }

    private static string Base64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    private static string Random(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}
