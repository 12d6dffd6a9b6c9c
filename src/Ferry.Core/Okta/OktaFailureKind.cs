namespace Ferry.Core.Okta;

public enum OktaFailureKind
{
    /// <summary>Okta refused the request (4xx): the row fails with Okta's code and summary.</summary>
    Rejected,

    /// <summary>404 <c>E0000007</c>.</summary>
    NotFound,

    /// <summary>401: the API token is invalid or expired, or the token endpoint refused the service app; the whole job stops.</summary>
    Unauthorized,

    /// <summary>
    /// 403 <c>insufficient_scope</c>, or the token endpoint's <c>invalid_scope</c>: the service app lacks a scope the job
    /// needs; the whole job stops, naming the scope.
    /// </summary>
    MissingScope,

    /// <summary>Still 429 after the budget's waits: try the row again later.</summary>
    Throttled,

    /// <summary>5xx, timeouts, dropped connections or an open circuit after the retries: try the row again later.</summary>
    Transient,
}
