using System.Globalization;
using System.Text;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Auth0;

/// <summary>
/// Maps CSV header cells to Auth0's user schema. Matching ignores case, spaces, <c>_</c> and <c>-</c>: <c>Given Name</c>,
/// <c>given_name</c> and <c>givenName</c> are one column. <c>app_metadata.plan</c> and <c>user_metadata.lang.primary</c>
/// build nested objects (the names after the first dot are kept as written); <c>custom_password_hash.hash.value</c> and
/// the short aliases (<c>hash_value</c>, <c>salt</c>, …) build the custom hash.
/// </summary>
internal static class Auth0HeaderMap
{
    private const string HashPrefix = "custom_password_hash.";

    /// <summary>Every header Ferry recognises (as written in docs and messages) and where it goes.</summary>
    public static readonly (string Header, string Path, Auth0CsvColumnKind Kind)[] Table =
    [
        ("email", "email", Auth0CsvColumnKind.String),
        ("email address", "email", Auth0CsvColumnKind.String),
        ("email_verified", "email_verified", Auth0CsvColumnKind.Boolean),
        ("user_id", "user_id", Auth0CsvColumnKind.String),
        ("username", "username", Auth0CsvColumnKind.String),
        ("given_name", "given_name", Auth0CsvColumnKind.String),
        ("firstName", "given_name", Auth0CsvColumnKind.String),
        ("first name", "given_name", Auth0CsvColumnKind.String),
        ("family_name", "family_name", Auth0CsvColumnKind.String),
        ("lastName", "family_name", Auth0CsvColumnKind.String),
        ("last name", "family_name", Auth0CsvColumnKind.String),
        ("surname", "family_name", Auth0CsvColumnKind.String),
        ("name", "name", Auth0CsvColumnKind.String),
        ("displayName", "name", Auth0CsvColumnKind.String),
        ("full name", "name", Auth0CsvColumnKind.String),
        ("nickname", "nickname", Auth0CsvColumnKind.String),
        ("picture", "picture", Auth0CsvColumnKind.String),
        ("blocked", "blocked", Auth0CsvColumnKind.Boolean),
        ("app_metadata", "app_metadata", Auth0CsvColumnKind.JsonObject),
        ("user_metadata", "user_metadata", Auth0CsvColumnKind.JsonObject),
        ("mfa_factors", "mfa_factors", Auth0CsvColumnKind.JsonArray),
        ("password_hash", "password_hash", Auth0CsvColumnKind.String),
        ("custom_password_hash.algorithm", HashPrefix + "algorithm", Auth0CsvColumnKind.String),
        ("hash_algorithm", HashPrefix + "algorithm", Auth0CsvColumnKind.String),
        ("custom_password_hash.hash.value", HashPrefix + "hash.value", Auth0CsvColumnKind.String),
        ("hash_value", HashPrefix + "hash.value", Auth0CsvColumnKind.String),
        ("custom_password_hash.hash.encoding", HashPrefix + "hash.encoding", Auth0CsvColumnKind.String),
        ("hash_encoding", HashPrefix + "hash.encoding", Auth0CsvColumnKind.String),
        ("custom_password_hash.hash.digest", HashPrefix + "hash.digest", Auth0CsvColumnKind.String),
        ("hash_digest", HashPrefix + "hash.digest", Auth0CsvColumnKind.String),
        ("custom_password_hash.hash.key.value", HashPrefix + "hash.key.value", Auth0CsvColumnKind.String),
        ("hash_key", HashPrefix + "hash.key.value", Auth0CsvColumnKind.String),
        ("custom_password_hash.hash.key.encoding", HashPrefix + "hash.key.encoding", Auth0CsvColumnKind.String),
        ("hash_key_encoding", HashPrefix + "hash.key.encoding", Auth0CsvColumnKind.String),
        ("custom_password_hash.salt.value", HashPrefix + "salt.value", Auth0CsvColumnKind.String),
        ("salt", HashPrefix + "salt.value", Auth0CsvColumnKind.String),
        ("custom_password_hash.salt.encoding", HashPrefix + "salt.encoding", Auth0CsvColumnKind.String),
        ("salt_encoding", HashPrefix + "salt.encoding", Auth0CsvColumnKind.String),
        ("custom_password_hash.salt.position", HashPrefix + "salt.position", Auth0CsvColumnKind.String),
        ("salt_position", HashPrefix + "salt.position", Auth0CsvColumnKind.String),
        ("custom_password_hash.password.encoding", HashPrefix + "password.encoding", Auth0CsvColumnKind.String),
        ("password_encoding", HashPrefix + "password.encoding", Auth0CsvColumnKind.String),
        ("custom_password_hash.keylen", HashPrefix + "keylen", Auth0CsvColumnKind.Integer),
        ("custom_password_hash.cost", HashPrefix + "cost", Auth0CsvColumnKind.Integer),
        ("custom_password_hash.blockSize", HashPrefix + "blockSize", Auth0CsvColumnKind.Integer),
        ("custom_password_hash.parallelization", HashPrefix + "parallelization", Auth0CsvColumnKind.Integer),
    ];

    private static readonly Dictionary<string, (string Path, Auth0CsvColumnKind Kind)> Known =
        Table.DistinctBy(e => Normalize(e.Header)).ToDictionary(e => Normalize(e.Header), e => (e.Path, e.Kind), StringComparer.Ordinal);

    /// <summary>Maps <paramref name="headers"/>; a failure names the unknown, repeated or conflicting columns.</summary>
    public static (IReadOnlyList<Auth0CsvColumn>? Columns, IReadOnlyList<string> Ignored, JobFailure? Failure) Map(
        IReadOnlyList<string> headers,
        bool ignoreUnknown,
        string fileName)
    {
        var columns = new List<Auth0CsvColumn>(headers.Count);
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0)
            {
                return Fail(
                    CsvFailureCodes.EmptyHeader,
                    Invariant($"'{fileName}': the header of column {i + 1} is empty. Give every column a header (or delete the empty column) and upload the file again."));
            }

            var (segments, kind) = Resolve(header);
            if (segments is null)
            {
                unknown.Add(header);
                columns.Add(new Auth0CsvColumn(header, i + 1, Auth0CsvColumnKind.Ignored, []));
                continue;
            }

            columns.Add(new Auth0CsvColumn(header, i + 1, kind, segments));
        }

        if (unknown.Count > 0 && !ignoreUnknown)
        {
            return Fail(
                CsvFailureCodes.UnknownColumns,
                $"'{fileName}' has columns Ferry does not know for Auth0: {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Rename them (see docs/auth0.md: email, given_name, app_metadata.<name>, custom_password_hash.hash.value, …), or run the job with ignoreUnknownColumns=true.");
        }

        var used = columns.Where(c => c.Kind != Auth0CsvColumnKind.Ignored).ToList();
        for (var i = 0; i < used.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (used[j], used[i]);
                if (a.Path == b.Path)
                {
                    return Fail(
                        CsvFailureCodes.DuplicateColumns,
                        $"'{fileName}': columns '{a.Header}' and '{b.Header}' both give {a.Path}. Keep one of them and upload the file again.");
                }

                if (b.Path.StartsWith(a.Path + ".", StringComparison.Ordinal) || a.Path.StartsWith(b.Path + ".", StringComparison.Ordinal))
                {
                    return Fail(
                        CsvFailureCodes.DuplicateColumns,
                        $"'{fileName}': columns '{a.Header}' and '{b.Header}' both give part of {(a.Path.Length < b.Path.Length ? a.Path : b.Path)}. Use one whole-object column or dotted columns, not both.");
                }
            }
        }

        if (!used.Any(c => c.Path == "email"))
        {
            return Fail(
                CsvFailureCodes.MissingColumn,
                $"'{fileName}' has no email column. Auth0 needs an email for every user: add an 'email' column and upload the file again.");
        }

        return (columns, unknown, null);
    }

    /// <summary>The header compared: lower-cased invariantly, without spaces, '_' and '-'.</summary>
    public static string Normalize(string header)
    {
        var builder = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (c is not (' ' or '_' or '-'))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static (string[]? Segments, Auth0CsvColumnKind Kind) Resolve(string header)
    {
        if (Known.TryGetValue(Normalize(header), out var known))
        {
            return (known.Path.Split('.'), known.Kind);
        }

        var dot = header.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return (null, Auth0CsvColumnKind.Ignored);
        }

        var root = Normalize(header[..dot]) switch
        {
            "appmetadata" => "app_metadata",
            "usermetadata" => "user_metadata",
            _ => null,
        };
        var rest = header[(dot + 1)..].Split('.').Select(s => s.Trim()).ToArray();
        if (root is null || rest.Any(s => s.Length == 0))
        {
            return (null, Auth0CsvColumnKind.Ignored);
        }

        return ([root, .. rest], Auth0CsvColumnKind.String);
    }

    private static (IReadOnlyList<Auth0CsvColumn>?, IReadOnlyList<string>, JobFailure?) Fail(string code, string message) =>
        (null, [], new JobFailure(code, message));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
