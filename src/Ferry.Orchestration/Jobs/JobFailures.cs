using Ferry.Core.Operations;

namespace Ferry.Orchestration.Jobs;

/// <summary>Job-level failure codes the orchestration adds to those of the CSV reader (docs/jobs.md).</summary>
public static class JobFailures
{
    public const string InvalidOptions = "invalid-options";
    public const string InvalidRows = "invalid-rows";
    public const string InputNotAllowed = "input-not-allowed";
    /// <summary>Okta refused Ferry's credentials: the API token, or the service app at the token endpoint.</summary>
    public const string OktaUnauthorized = OktaUnauthorizedException.UnauthorizedCode;

    /// <summary>The service app lacks a scope the job needs (403 insufficient_scope, or invalid_scope at the token endpoint).</summary>
    public const string OktaMissingScope = OktaUnauthorizedException.MissingScopeCode;

    /// <summary>Auth0 refused Ferry's client credentials or their grants (401/403).</summary>
    public const string Auth0Unauthorized = "auth0-unauthorized";

    /// <summary>The job targets Auth0 but Auth0:* is not configured, or its connection cannot be found.</summary>
    public const string Auth0NotConfigured = "auth0-not-configured";
}
