namespace Ferry.Core.Auth0Api;

/// <summary>Why an Auth0 call did not succeed.</summary>
public enum Auth0FailureKind
{
    /// <summary>Auth0 refused the request (4xx other than 401/404/429): the same request will fail again.</summary>
    Rejected,

    /// <summary>401/403 from the token endpoint or the API: the credentials or grants are wrong; the job stops.</summary>
    Unauthorized,

    /// <summary>404: no such job, connection or user (a job's data is deleted 24 h after it was created).</summary>
    NotFound,

    /// <summary>429: the rate limit, or the tenant's import jobs all busy; try again at <see cref="Auth0Failure.RetryAt"/>.</summary>
    Throttled,

    /// <summary>5xx, timeout or dropped connection after the retries.</summary>
    Transient,
}
