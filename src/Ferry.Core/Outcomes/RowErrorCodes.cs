namespace Ferry.Core.Outcomes;

/// <summary>
/// Ferry's own error codes in the <c>errorCode</c> column; Okta's (<c>E0000…</c>) are passed through as Okta sent them.
/// </summary>
public static class RowErrorCodes
{
    /// <summary>The row failed validation (see the <c>column</c> and <c>errorSummary</c> columns).</summary>
    public const string Invalid = "invalid-row";

    /// <summary>Okta kept failing (5xx, timeouts, dropped connections, open circuit) after every retry.</summary>
    public const string Transient = "okta-unavailable";

    /// <summary>Okta kept answering 429 after every wait.</summary>
    public const string Throttled = "okta-throttled";

    /// <summary>A group the row names does not exist and the job may not create it, or could not be found or created.</summary>
    public const string GroupUnavailable = "group-unavailable";

    /// <summary>The row's login does not exist in Okta (reactivate, assign-groups, update-profiles).</summary>
    public const string UserNotFound = "user-not-found";

    /// <summary>Auth0: the chunk's import job kept failing (or timing out), and the user is not in the connection.</summary>
    public const string Auth0JobFailed = "auth0-job-failed";

    /// <summary>Auth0 refused the chunk's import request itself (e.g. the connection is not a database connection).</summary>
    public const string Auth0Rejected = "auth0-rejected";

    /// <summary>Auth0 kept failing (5xx, timeouts, 429s) when the chunk was posted or followed.</summary>
    public const string Auth0Unavailable = "auth0-unavailable";

    /// <summary>The job was terminated before the row was sent (action <c>not-attempted</c>).</summary>
    public const string NotAttempted = "not-attempted";
}
