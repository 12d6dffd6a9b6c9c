namespace Ferry.Core.Okta;

/// <summary>Applies <see cref="IOktaCredentials"/> to every attempt.</summary>
public sealed class OktaAuthenticationHandler(IOktaCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await credentials.AuthorizeAsync(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
