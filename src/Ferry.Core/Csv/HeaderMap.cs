using System.Globalization;
using System.Text;
using Ferry.Core.Jobs;
using Ferry.Core.Validation;

namespace Ferry.Core.Csv;

/// <summary>
/// Maps header cells to what they feed. Matching is tolerant: headers are trimmed, and compared ignoring case, spaces,
/// underscores, dashes, dots and parentheses, so <c>First Name</c>, <c>first_name</c> and <c>firstName</c> are one
/// column. Okta's default attributes match by name; the usual export headers (<c>Email Address</c>, <c>Surname</c>,
/// <c>Groups</c>, …) by alias; <c>profile.&lt;name&gt;</c> is a custom attribute. Both of Okta's own sample formats
/// (<c>login,email, firstName, lastName,password,groupId</c> and <c>First Name,Last Name,Email Address,Groups</c>)
/// map with no help.
/// </summary>
public static class HeaderMap
{
    private const string ProfilePrefix = "profile.";

    /// <summary>The aliases, as written in messages; every default attribute also matches by its own name.</summary>
    private static readonly (string Header, FieldKind Kind, string? Attribute)[] AliasTable =
    [
        ("login", FieldKind.Profile, "login"),
        ("Username", FieldKind.Profile, "login"),
        ("User Name", FieldKind.Profile, "login"),
        ("email", FieldKind.Profile, "email"),
        ("Email Address", FieldKind.Profile, "email"),
        ("E-mail", FieldKind.Profile, "email"),
        ("Mail", FieldKind.Profile, "email"),
        ("Primary Email", FieldKind.Profile, "email"),
        ("firstName", FieldKind.Profile, "firstName"),
        ("First Name", FieldKind.Profile, "firstName"),
        ("Given Name", FieldKind.Profile, "firstName"),
        ("lastName", FieldKind.Profile, "lastName"),
        ("Last Name", FieldKind.Profile, "lastName"),
        ("Surname", FieldKind.Profile, "lastName"),
        ("Family Name", FieldKind.Profile, "lastName"),
        ("Groups", FieldKind.GroupNames, null),
        ("Group", FieldKind.GroupNames, null),
        ("Group Names", FieldKind.GroupNames, null),
        ("Group Name", FieldKind.GroupNames, null),
        ("groupId", FieldKind.GroupIds, null),
        ("Group Ids", FieldKind.GroupIds, null),
        ("Group Id(s)", FieldKind.GroupIds, null),
        ("password", FieldKind.Password, null),
        ("hashAlgorithm", FieldKind.HashAlgorithm, null),
        ("hashValue", FieldKind.HashValue, null),
        ("salt", FieldKind.Salt, null),
        ("saltOrder", FieldKind.SaltOrder, null),
        ("workFactor", FieldKind.WorkFactor, null),
        ("iterationCount", FieldKind.IterationCount, null),
        ("keySize", FieldKind.KeySize, null),
        ("digestAlgorithm", FieldKind.DigestAlgorithm, null),
    ];

    /// <summary>The columns of the file an undo job reads (Ferry writes it): recognised for <see cref="JobKind.Undo"/> only.</summary>
    private static readonly (string Header, FieldKind Kind)[] UndoTable =
    [
        ("userId", FieldKind.UserId),
        ("status", FieldKind.Status),
        ("asOf", FieldKind.AsOf),
    ];

    private static readonly Dictionary<string, (FieldKind Kind, string? Attribute)> Known = BuildKnown();

    private static readonly Dictionary<string, (FieldKind, string?)> Defaults =
        OktaProfileRules.DefaultAttributes.ToDictionary(a => Normalize(a.Name), a => (FieldKind.Profile, (string?)a.Name), StringComparer.Ordinal);

    public static HeaderMapResult Map(IReadOnlyList<string> headers, JobOptions options, string fileName)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(headers[i]))
            {
                return Fail(
                    CsvFailureCodes.EmptyHeader,
                    Invariant($"'{fileName}': the header of column {i + 1} is empty. Give every column a header (or delete the empty column) and upload the file again."));
            }
        }

        var ignoreUnknown = options.IgnoreUnknownColumns || options.Kind == JobKind.Reactivate;
        var columns = new List<CsvColumn>(headers.Count);
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            var match = options.Kind == JobKind.Undo && UndoTable.FirstOrDefault(u => Normalize(u.Header) == Normalize(header)) is { Header: not null } undo
                ? (undo.Kind, null)
                : Match(header);
            if (match is null)
            {
                if (!ignoreUnknown)
                {
                    unknown.Add(header);
                }

                columns.Add(new CsvColumn(i, header, FieldKind.Ignored));
                continue;
            }

            var (kind, attribute) = match.Value;
            columns.Add(Uses(options.Kind, kind, attribute)
                ? new CsvColumn(i, header, kind, attribute)
                : new CsvColumn(i, header, FieldKind.Ignored));
        }

        if (unknown.Count > 0)
        {
            var list = FileQuote.List(unknown);
            return Fail(
                CsvFailureCodes.UnknownColumns,
                $"'{fileName}' has columns Ferry does not recognise: {list}. Rename them to Okta attribute names (login, email, firstName, lastName, …), "
                + "prefix custom attributes with 'profile.' (such as 'profile.employeeId'), or set ignoreUnknownColumns=true to skip them.");
        }

        if (Duplicates(columns) is { } duplicates)
        {
            return Fail(CsvFailureCodes.DuplicateColumns, $"'{fileName}': {duplicates}. Keep one column for each field and upload the file again.");
        }

        if (Missing(columns, options.Kind) is { } missing)
        {
            return Fail(CsvFailureCodes.MissingColumn, $"'{fileName}' has no {missing}.");
        }

        var ignored = columns.Where(c => c.Kind == FieldKind.Ignored).Select(c => c.Header).ToList();
        return new HeaderMapResult(new CsvHeader(columns, ignored), null);
    }

    /// <summary>What a header maps to, whatever the job kind; null for a header Ferry does not recognise.</summary>
    public static (FieldKind Kind, string? Attribute)? Match(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var trimmed = header.Trim();
        if (trimmed.StartsWith(ProfilePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = trimmed[ProfilePrefix.Length..].Trim();
            if (name.Length == 0)
            {
                return null;
            }

            return Defaults.TryGetValue(Normalize(name), out var standard) ? standard : (FieldKind.Profile, name);
        }

        return Known.TryGetValue(Normalize(trimmed), out var known) ? known : null;
    }

    /// <summary>A header as matched: lower case, without spaces, underscores, dashes, dots and parentheses.</summary>
    public static string Normalize(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var builder = new StringBuilder(header.Length);
        foreach (var c in header.Trim())
        {
            if (c is not (' ' or '_' or '-' or '.' or '(' or ')') && !char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static bool Uses(JobKind job, FieldKind kind, string? attribute) => job switch
    {
        JobKind.Import => true,
        JobKind.Reactivate => IsIdentity(kind, attribute),
        JobKind.AssignGroups => IsIdentity(kind, attribute) || kind is FieldKind.GroupNames or FieldKind.GroupIds,
        JobKind.UpdateProfiles => kind == FieldKind.Profile,
        JobKind.Undo => IsIdentity(kind, attribute) || kind is FieldKind.UserId or FieldKind.Status or FieldKind.AsOf,
        _ => throw new ArgumentOutOfRangeException(nameof(job)),
    };

    private static bool IsIdentity(FieldKind kind, string? attribute) => kind == FieldKind.Profile && attribute is "login" or "email";

    private static string? Duplicates(List<CsvColumn> columns)
    {
        var seen = new Dictionary<(FieldKind, string?), CsvColumn>();
        var problems = new List<string>();
        foreach (var column in columns)
        {
            if (column.Kind == FieldKind.Ignored)
            {
                continue;
            }

            var key = (column.Kind, column.Attribute);
            if (seen.TryGetValue(key, out var first))
            {
                problems.Add(Invariant($"columns {FileQuote.Quote(first.Header)} (column {first.Index + 1}) and {FileQuote.Quote(column.Header)} (column {column.Index + 1}) both map to {Describe(column)}"));
            }
            else
            {
                seen[key] = column;
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string? Missing(List<CsvColumn> columns, JobKind kind)
    {
        bool Has(string attribute) => columns.Any(c => c.Kind == FieldKind.Profile && c.Attribute == attribute);
        bool HasKind(FieldKind field) => columns.Any(c => c.Kind == field);

        var missing = new List<string>();
        var identity = Has("login") || Has("email");
        switch (kind)
        {
            case JobKind.Import:
                if (!identity)
                {
                    missing.Add($"email column (accepted headers: {Aliases("email")}; or a login column: {Aliases("login")})");
                }

                if (!Has("firstName"))
                {
                    missing.Add($"firstName column (accepted headers: {Aliases("firstName")})");
                }

                if (!Has("lastName"))
                {
                    missing.Add($"lastName column (accepted headers: {Aliases("lastName")})");
                }

                break;
            case JobKind.AssignGroups:
                if (!identity)
                {
                    missing.Add(IdentityMissing());
                }

                if (!HasKind(FieldKind.GroupNames) && !HasKind(FieldKind.GroupIds))
                {
                    missing.Add($"group column (accepted headers: {Aliases(FieldKind.GroupNames)}; or group ids: {Aliases(FieldKind.GroupIds)})");
                }

                break;
            case JobKind.UpdateProfiles:
                if (!identity)
                {
                    missing.Add(IdentityMissing());
                }
                else
                {
                    var identityAttribute = Has("login") ? "login" : "email";
                    if (!columns.Any(c => c.Kind == FieldKind.Profile && c.Attribute != identityAttribute))
                    {
                        missing.Add("profile attribute column to update besides the user's " + identityAttribute
                            + " (such as firstName, department, or a custom attribute as 'profile.<name>')");
                    }
                }

                break;
            case JobKind.Undo:
                if (!HasKind(FieldKind.UserId))
                {
                    missing.Add("userId column");
                }

                break;
            default:
                if (!identity)
                {
                    missing.Add(IdentityMissing());
                }

                break;
        }

        return missing.Count == 0 ? null : string.Join(", and no ", missing);
    }

    private static string IdentityMissing() => $"login or email column (accepted headers: {Aliases("login")}; {Aliases("email")})";

    private static string Aliases(string attribute) =>
        string.Join(", ", AliasTable.Where(a => a.Kind == FieldKind.Profile && a.Attribute == attribute).Select(a => a.Header));

    private static string Aliases(FieldKind kind) => string.Join(", ", AliasTable.Where(a => a.Kind == kind).Select(a => a.Header));

    private static string Describe(CsvColumn column) => column.Kind switch
    {
        FieldKind.Profile => column.Attribute ?? "a profile attribute",
        FieldKind.GroupNames => "group names",
        FieldKind.GroupIds => "group ids",
        FieldKind.Password => "password",
        var other => HeaderOf(other),
    };

    private static string HeaderOf(FieldKind kind) =>
        UndoTable.FirstOrDefault(u => u.Kind == kind).Header ?? AliasTable.First(a => a.Kind == kind).Header;

    private static Dictionary<string, (FieldKind, string?)> BuildKnown()
    {
        var known = new Dictionary<string, (FieldKind, string?)>(StringComparer.Ordinal);
        foreach (var attribute in OktaProfileRules.DefaultAttributes)
        {
            known[Normalize(attribute.Name)] = (FieldKind.Profile, attribute.Name);
        }

        foreach (var (header, kind, attribute) in AliasTable)
        {
            known[Normalize(header)] = (kind, attribute);
        }

        return known;
    }

    private static HeaderMapResult Fail(string code, string message) => new(null, new JobFailure(code, message));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
