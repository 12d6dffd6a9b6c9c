namespace Ferry.Core.Jobs;

/// <summary>Where a job's users go. Wire names: okta, auth0.</summary>
public enum JobTarget
{
    /// <summary>An Okta org, user by user through the Management API (every job kind).</summary>
    Okta,

    /// <summary>An Auth0 tenant's database connection, in chunks through Auth0's bulk user import (import jobs).</summary>
    Auth0,
}
