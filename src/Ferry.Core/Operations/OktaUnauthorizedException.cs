using Ferry.Core.Okta;

namespace Ferry.Core.Operations;

/// <summary>
/// Okta rejected the API token (401). Not a row's problem: the job stops, says so, and can be resumed once the token
/// is fixed. The message holds Okta's summary only, never the token.
/// </summary>
public sealed class OktaUnauthorizedException : Exception
{
    public OktaUnauthorizedException(OktaFailure failure)
        : base($"Okta rejected the API token ({failure.ErrorCode ?? "401"} {failure.Summary}); check Okta:ApiToken")
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
}
