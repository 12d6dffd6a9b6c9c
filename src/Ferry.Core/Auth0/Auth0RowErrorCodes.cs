namespace Ferry.Core.Auth0;

/// <summary>The codes of <see cref="Auth0RowError"/>.</summary>
public static class Auth0RowErrorCodes
{
    /// <summary>The record is not valid JSON, or a CSV line has broken quoting.</summary>
    public const string Syntax = "syntax";

    /// <summary>The record is longer than <see cref="Auth0PlanSettings.MaxRecordBytes"/>.</summary>
    public const string RecordTooLarge = "record-too-large";

    /// <summary>The user's JSON alone is larger than a chunk may be.</summary>
    public const string UserTooLarge = "user-too-large";

    /// <summary>A JSON record is not an object.</summary>
    public const string NotAnObject = "not-an-object";

    /// <summary>A property Auth0's user schema does not have.</summary>
    public const string UnknownProperty = "unknown-property";

    /// <summary>A required field is missing or empty.</summary>
    public const string Missing = "missing";

    /// <summary>A field has the wrong JSON type (or a CSV cell does not read as one).</summary>
    public const string InvalidType = "invalid-type";

    /// <summary>A field has a value outside what Auth0 accepts.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>The email is not an email address.</summary>
    public const string InvalidEmail = "invalid-email";

    /// <summary>A password hash does not fit its algorithm.</summary>
    public const string InvalidHash = "invalid-hash";

    /// <summary>The record repeats an earlier valid record's email, user_id or username.</summary>
    public const string Duplicate = "duplicate";
}
