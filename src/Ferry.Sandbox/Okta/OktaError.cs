namespace Ferry.Sandbox.Okta;

/// <summary>
/// An error as Okta reports it: HTTP status plus the <c>Error</c> schema of Okta's spec
/// (<c>errorCode</c>, <c>errorSummary</c>, <c>errorLink</c>, <c>errorId</c>, <c>errorCauses</c>).
/// </summary>
public sealed record OktaError(int StatusCode, string ErrorCode, string ErrorSummary, IReadOnlyList<string> Causes)
{
    public OktaError(int statusCode, string errorCode, string errorSummary)
        : this(statusCode, errorCode, errorSummary, [])
    {
    }
}
