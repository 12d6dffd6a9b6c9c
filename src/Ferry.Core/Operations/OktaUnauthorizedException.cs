using Ferry.Core.Okta;

namespace Ferry.Core.Operations;

/// <summary>
/// Okta refused Ferry's credentials (401: the API token, or the service app at the token endpoint) or a scope the job
/// needs (403 <c>insufficient_scope</c>, or <c>invalid_scope</c> at the token endpoint). Not a row's problem: the job
/// stops, says so (<see cref="Code"/>), and can be resumed once the credentials are fixed. The message holds Okta's
/// summary only, never a token or a key.
/// </summary>
public sealed class OktaUnauthorizedException : Exception
{
    /// <summary>The job failure code for refused credentials (docs/jobs.md).</summary>
    public const string UnauthorizedCode = "okta-unauthorized";

    /// <summary>The job failure code for a missing scope (docs/jobs.md).</summary>
    public const string MissingScopeCode = "okta-missing-scope";

    public OktaUnauthorizedException(OktaFailure failure)
        : base(Describe(failure))
    {
        Failure = failure;
    }

    public OktaUnauthorizedException()
    {
        Failure = new OktaFailure(OktaFailureKind.Unauthorized, 401, null, "Unauthorized", []);
    }

    public OktaUnauthorizedException(string message)
        : base(message)
    {
        Failure = new OktaFailure(OktaFailureKind.Unauthorized, 401, null, message, []);
    }

    public OktaUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new OktaFailure(OktaFailureKind.Unauthorized, 401, null, message, []);
    }

    public OktaFailure Failure { get; }

    /// <summary><see cref="MissingScopeCode"/> or <see cref="UnauthorizedCode"/>.</summary>
    public string Code => CodeOf(Failure);

    public static string CodeOf(OktaFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind == OktaFailureKind.MissingScope ? MissingScopeCode : UnauthorizedCode;
    }

    /// <summary>
    /// The job's failure message. Failures from the token endpoint or a missing scope are worded whole where they arise;
    /// an API 401 names the key to check.
    /// </summary>
    private static string Describe(OktaFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind == OktaFailureKind.MissingScope || failure.Summary.StartsWith("Okta's token endpoint", StringComparison.Ordinal)
            ? failure.Summary
            : $"Okta rejected the API token ({failure.ErrorCode ?? "401"} {failure.Summary}); check Okta:ApiToken (SSWS) or the service app (PrivateKey)";
    }
}
