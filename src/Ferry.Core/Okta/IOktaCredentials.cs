namespace Ferry.Core.Okta;

/// <summary>
/// How requests to Okta are authorised. SSWS API tokens today (<see cref="SswsCredentials"/>); an OAuth 2.0
/// service-app implementation (client credentials, private_key_jwt) fits here without touching the client.
/// </summary>
public interface IOktaCredentials
{
    ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
