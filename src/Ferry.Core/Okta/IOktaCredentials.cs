namespace Ferry.Core.Okta;

/// <summary>
/// How requests to Okta are authorised: an SSWS API token (<see cref="SswsCredentials"/>) or an OAuth 2.0 service
/// app's access token (<see cref="OAuth.OktaServiceAppCredentials"/>). <see cref="OktaAuthenticationHandler"/> calls
/// it for every attempt.
/// </summary>
public interface IOktaCredentials
{
    /// <summary>
    /// Puts the credentials on <paramref name="request"/> and returns null; or, when there are none to put (the token
    /// endpoint refused), returns the answer the request gets instead of being sent, in Okta's error shape.
    /// </summary>
    ValueTask<HttpResponseMessage?> AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Sees every answer; true when the request is worth sending again with fresh credentials (a 401 to an access
    /// token that can be renewed, or to a DPoP proof without the server's new nonce). SSWS never resends.
    /// </summary>
    ValueTask<bool> ShouldResendAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);
}
