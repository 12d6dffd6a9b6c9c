using System.Buffers;
using System.Globalization;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Validation;

/// <summary>
/// The row rules of one job: which cells a row needs for the job kind, Okta's profile limits, group lists, and the
/// password or hash columns. A row has at most one error, the first rule it breaks, in a fixed order, so that every
/// read of the same row (the plan pass and a slice read) reports the same error.
/// </summary>
internal sealed class RowValidator
{
    private static readonly IReadOnlyList<string> NoNames = [];

    /// <summary>C0 controls but tab and line breaks (which quoted cells may hold), and DEL.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\x7F']);
    private static readonly ProfileAttributeRule LoginRule = OktaProfileRules.For("login");

    private readonly CsvHeader _header;
    private readonly JobKind _kind;
    private readonly string _tooLong;
    private readonly string _invalidText;
    private readonly int _login = -1;
    private readonly int _email = -1;
    private readonly int _firstName = -1;
    private readonly int _lastName = -1;
    private readonly int _password = -1;
    private readonly int _groupNames = -1;
    private readonly int _groupIds = -1;
    private readonly int _userId = -1;
    private readonly int _status = -1;
    private readonly int _asOf = -1;
    private readonly Dictionary<FieldKind, int> _hash = [];
    private readonly List<(int Index, ProfileAttributeRule Rule)> _profile = [];
    private readonly List<int> _used = [];

    public RowValidator(CsvHeader header, JobKind kind, int maxRecordBytes, bool utf16)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = header;
        _kind = kind;
        _tooLong = $"line is longer than {DescribeSize(maxRecordBytes)}";
        _invalidText = utf16
            ? "contains text that is not valid UTF-16; save the file as UTF-8"
            : "contains bytes that are not valid UTF-8; save the file as UTF-8";
        foreach (var column in header.Columns)
        {
            switch (column.Kind)
            {
                case FieldKind.Ignored:
                    continue;
                case FieldKind.Profile when column.Attribute == "login":
                    _login = column.Index;
                    break;
                case FieldKind.Profile:
                    var attribute = column.Attribute ?? string.Empty;
                    _email = attribute == "email" ? column.Index : _email;
                    _firstName = attribute == "firstName" ? column.Index : _firstName;
                    _lastName = attribute == "lastName" ? column.Index : _lastName;
                    _profile.Add((column.Index, OktaProfileRules.For(attribute)));
                    break;
                case FieldKind.Password:
                    _password = column.Index;
                    break;
                case FieldKind.GroupNames:
                    _groupNames = column.Index;
                    break;
                case FieldKind.GroupIds:
                    _groupIds = column.Index;
                    break;
                case FieldKind.UserId:
                    _userId = column.Index;
                    break;
                case FieldKind.Status:
                    _status = column.Index;
                    break;
                case FieldKind.AsOf:
                    _asOf = column.Index;
                    break;
                default:
                    _hash[column.Kind] = column.Index;
                    break;
            }

            _used.Add(column.Index);
        }
    }

    public RowCheck Validate(RowCells cells, int row, int line, bool buildUser)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var values = cells.Values;
        // From the cell where quoting breaks (or the one cut at the length limit) on, a cell may hold the rest of the
        // row or of the file, passwords included: such a cell is never reported as the row's login or email.
        var broken = cells.MalformedField >= 0 ? cells.MalformedField : cells.UnclosedQuote || cells.Truncated ? cells.FieldCount - 1 : int.MaxValue;
        var loginCell = _login < broken ? Value(values, _login) : null;
        var email = _email < broken ? Value(values, _email) : null;
        if (_kind == JobKind.Import && _email < 0 && loginCell is { Length: <= 100 } && EmailAddress.IsValid(loginCell))
        {
            // A login-only import file: Okta requires an email, and an email-shaped login is one.
            email = loginCell;
        }

        var loginFromEmail = loginCell is null && email is not null;
        var login = loginCell ?? email ?? (_kind == JobKind.Undo && _userId < broken ? Value(values, _userId) : null);
        var error = Check(cells, line, login, loginFromEmail, email, out var groupNames, out var groupIds, out var password);
        if (error is not null)
        {
            return new RowCheck(error, login, email, loginFromEmail, NoNames, null);
        }

        var user = buildUser ? Build(values, row, line, login!, email, password, groupNames, groupIds) : null;
        return new RowCheck(null, login, email, loginFromEmail, groupNames, user);
    }

    /// <summary>The error of a row that repeats an earlier valid row's login or email.</summary>
    public RowError DuplicateError(int line, int earlierLine, bool byEmail, bool loginFromEmail)
    {
        var column = byEmail || loginFromEmail || _login < 0 ? _email : _login;
        var message = string.Create(CultureInfo.InvariantCulture, $"duplicate of line {earlierLine} (same {(byEmail ? "email" : "login")})");
        return Error(line, column, message, InvalidRowCodes.Duplicate);
    }

    private RowError? Check(
        RowCells cells,
        int line,
        string? login,
        bool loginFromEmail,
        string? email,
        out IReadOnlyList<string> groupNames,
        out IReadOnlyList<string> groupIds,
        out PasswordInput? password)
    {
        groupNames = NoNames;
        groupIds = NoNames;
        password = null;
        var values = cells.Values;
        if (cells.Truncated)
        {
            return new RowError(line, null, null, cells.UnclosedQuote ? _tooLong + "; a quoted field is probably never closed" : _tooLong) { Code = InvalidRowCodes.LineTooLong };
        }

        if (cells.UnclosedQuote || cells.MalformedField >= 0)
        {
            var message = cells.UnclosedQuote
                ? "malformed quoting: a quoted field is never closed, so the rest of the file was read into this row"
                : "malformed quoting: a quote inside a value, or text after a closing quote; quote the whole value and double the quotes inside it";
            return Error(line, cells.MalformedField < _header.Columns.Count ? cells.MalformedField : -1, message, InvalidRowCodes.MalformedQuoting);
        }

        if (cells.ExtraCells)
        {
            return new RowError(
                line,
                null,
                null,
                string.Create(CultureInfo.InvariantCulture, $"has {cells.FieldCount} cells, the header has {_header.Columns.Count}"))
            {
                Code = InvalidRowCodes.ExtraCells,
            };
        }

        foreach (var index in _used)
        {
            if (values[index] is not { } text)
            {
                continue;
            }

            if (text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return Error(line, index, _invalidText, InvalidRowCodes.InvalidText);
            }

            // The start of the file is checked for binary content; a control character further on is a corrupt cell.
            if (text.AsSpan().IndexOfAny(ControlCharacters) is >= 0 and var at)
            {
                return Error(line, index, string.Create(CultureInfo.InvariantCulture, $"contains a control character (U+{(int)text[at]:X4}); check that the file is a text export"), InvalidRowCodes.ControlCharacter);
            }
        }

        if (_kind == JobKind.Undo)
        {
            // Ferry's own file: a row names the user by id; login and email are only reported.
            if (Value(values, _userId) is null && email is null)
            {
                return Error(line, _userId, "userId and email are both empty", InvalidRowCodes.Missing);
            }

            if (Value(values, _asOf) is { } asOf && !DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            {
                return Error(line, _asOf, "asOf is not an ISO 8601 time", InvalidRowCodes.Missing);
            }

            return null;
        }

        if (login is null)
        {
            return Error(line, _login >= 0 ? _login : _email, "login and email are both empty", InvalidRowCodes.Missing);
        }

        if (_kind == JobKind.Import)
        {
            if (Value(values, _firstName) is null)
            {
                return Error(line, _firstName, "firstName is empty; Okta requires it", InvalidRowCodes.Missing);
            }

            if (Value(values, _lastName) is null)
            {
                return Error(line, _lastName, "lastName is empty; Okta requires it", InvalidRowCodes.Missing);
            }

            if (email is null)
            {
                return Error(line, _email >= 0 ? _email : _login, "email is empty; Okta requires it", InvalidRowCodes.Missing);
            }
        }

        if (!loginFromEmail && OktaProfileRules.Check(LoginRule, login) is { } loginProblem)
        {
            return Error(line, _login, loginProblem, ProfileCode(LoginRule, login));
        }

        foreach (var (index, rule) in _profile)
        {
            if (values[index] is { } value && OktaProfileRules.Check(rule, value) is { } problem)
            {
                return Error(line, index, problem, ProfileCode(rule, value));
            }
        }

        if (Value(values, _groupNames) is { } namesCell)
        {
            groupNames = GroupList.Split(namesCell);
            foreach (var name in groupNames)
            {
                if (name.Length > GroupList.MaxNameLength)
                {
                    return Error(line, _groupNames, string.Create(CultureInfo.InvariantCulture, $"a group name is longer than {GroupList.MaxNameLength} characters"), InvalidRowCodes.InvalidGroup);
                }
            }
        }

        if (Value(values, _groupIds) is { } idsCell)
        {
            groupIds = GroupList.Split(idsCell);
            foreach (var id in groupIds)
            {
                if (!GroupList.IsOktaId(id))
                {
                    var shown = id.Length <= 64 ? $"'{id}'" : "a group id";
                    return Error(line, _groupIds, $"{shown} is not an Okta group id (20 letters and digits, such as 00g1emaKYZTWRYYRRTSK)", InvalidRowCodes.InvalidGroupId);
                }
            }
        }

        var passwordError = CheckPassword(values, line, out password);
        if (passwordError is not null)
        {
            return passwordError;
        }

        if (_kind == JobKind.AssignGroups && groupNames.Count == 0 && groupIds.Count == 0)
        {
            return Error(line, _groupNames >= 0 ? _groupNames : _groupIds, "has no groups to assign", InvalidRowCodes.NoGroups);
        }

        if (_kind == JobKind.UpdateProfiles && !HasUpdates(values, loginFromEmail))
        {
            return new RowError(line, null, null, "has no profile values to update") { Code = InvalidRowCodes.NoUpdates };
        }

        return null;
    }

    private RowError? CheckPassword(string?[] values, int line, out PasswordInput? password)
    {
        password = null;
        var plain = Value(values, _password);
        if (_hash.Count == 0)
        {
            password = plain is null ? null : new PlainPassword(plain);
            return null;
        }

        var hash = new HashCells(
            Hash(values, FieldKind.HashAlgorithm),
            Hash(values, FieldKind.HashValue),
            Hash(values, FieldKind.Salt),
            Hash(values, FieldKind.SaltOrder),
            Hash(values, FieldKind.WorkFactor),
            Hash(values, FieldKind.IterationCount),
            Hash(values, FieldKind.KeySize),
            Hash(values, FieldKind.DigestAlgorithm));
        if (!hash.Any)
        {
            password = plain is null ? null : new PlainPassword(plain);
            return null;
        }

        if (plain is not null)
        {
            return Error(line, _password, "has both a password and a password hash; use one of them", InvalidRowCodes.PasswordAndHash);
        }

        var (hashed, problem) = HashRules.Check(hash);
        if (problem is not null)
        {
            return Error(line, _hash.GetValueOrDefault(problem.Column, -1), problem.Message, InvalidRowCodes.InvalidHash);
        }

        password = hashed;
        return null;
    }

    private bool HasUpdates(string?[] values, bool loginFromEmail)
    {
        foreach (var (index, _) in _profile)
        {
            // The email is the user's identity, not an update, when the login is taken from it.
            if (values[index] is not null && !(loginFromEmail && index == _email))
            {
                return true;
            }
        }

        return false;
    }

    private UserRow Build(
        string?[] values,
        int row,
        int line,
        string login,
        string? email,
        PasswordInput? password,
        IReadOnlyList<string> groupNames,
        IReadOnlyList<string> groupIds)
    {
        var profile = new Dictionary<string, string>(_profile.Count + 1, StringComparer.Ordinal);
        foreach (var (index, rule) in _profile)
        {
            if (values[index] is { } value)
            {
                profile[rule.Name] = value;
            }
        }

        profile["login"] = login;
        if (email is not null)
        {
            profile["email"] = email;
        }

        var undo = _kind == JobKind.Undo
            ? new UndoTarget(
                Value(values, _userId),
                Value(values, _status),
                Value(values, _asOf) is { } asOf ? DateTimeOffset.Parse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null)
            : null;
        return new UserRow(row, line, login, email, profile, password, groupNames, groupIds) { Undo = undo };
    }

    private string? Hash(string?[] values, FieldKind kind) => _hash.TryGetValue(kind, out var index) ? values[index] : null;

    private RowError Error(int line, int index, string message, string code)
    {
        if (index < 0)
        {
            return new RowError(line, null, null, message) { Code = code };
        }

        return new RowError(line, _header.Columns[index].Header, index + 1, message) { Code = code };
    }

    /// <summary>The code of a profile value <see cref="OktaProfileRules.Check"/> refused: its length, or its shape for an email.</summary>
    private static string ProfileCode(ProfileAttributeRule rule, string value) =>
        value.Length <= rule.MaxLength && rule.IsEmail && !EmailAddress.IsValid(value) ? InvalidRowCodes.InvalidEmail : InvalidRowCodes.InvalidLength;

    private static string? Value(string?[] values, int index) => index >= 0 ? values[index] : null;

    private static string DescribeSize(int bytes) =>
        bytes % (1024 * 1024) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
