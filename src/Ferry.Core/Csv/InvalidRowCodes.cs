namespace Ferry.Core.Csv;

/// <summary>The codes of <see cref="RowError"/>: which rule a row broke, stable for scripts and summaries.</summary>
public static class InvalidRowCodes
{
    /// <summary>The row broke a rule without a more specific code (and rows read from documents written before codes).</summary>
    public const string Invalid = "invalid";

    /// <summary>The record is longer than a record may be.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary>Broken quoting: a quote inside a value, text after a closing quote, a quote never closed.</summary>
    public const string MalformedQuoting = "malformed-quoting";

    /// <summary>More non-empty cells than the header has columns.</summary>
    public const string ExtraCells = "extra-cells";

    /// <summary>Bytes that are not valid UTF-8 (or UTF-16).</summary>
    public const string InvalidText = "invalid-text";

    /// <summary>A control character in a cell.</summary>
    public const string ControlCharacter = "control-character";

    /// <summary>A value the job kind needs is empty.</summary>
    public const string Missing = "missing";

    /// <summary>An email-typed attribute that is not an email address.</summary>
    public const string InvalidEmail = "invalid-email";

    /// <summary>A value longer or shorter than Okta allows.</summary>
    public const string InvalidLength = "invalid-length";

    /// <summary>A group name longer than Okta allows.</summary>
    public const string InvalidGroup = "invalid-group";

    /// <summary>A group id that is not Okta-shaped.</summary>
    public const string InvalidGroupId = "invalid-group-id";

    /// <summary>Both a password and a password hash.</summary>
    public const string PasswordAndHash = "password-and-hash";

    /// <summary>A password hash malformed for its algorithm.</summary>
    public const string InvalidHash = "invalid-hash";

    /// <summary>An assign-groups row without groups.</summary>
    public const string NoGroups = "no-groups";

    /// <summary>An update-profiles row without values to update.</summary>
    public const string NoUpdates = "no-updates";

    /// <summary>The row repeats an earlier valid row's login or email.</summary>
    public const string Duplicate = "duplicate";
}
