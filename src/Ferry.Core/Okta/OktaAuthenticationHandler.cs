namespace Ferry.Core.Okta;

/// <summary>
/// Applies <see cref="IOktaCredentials"/> to every attempt, and sends an attempt again (at most twice) when the
/// credentials say fresh ones will do (a renewed access token, a new DPoP nonce). Each send takes its own budget lease.
/// </summary>
public sealed class OktaAuthenticationHandler(IOktaCredentials credentials) : DelegatingHandler
{
    private const int MaxResends = 2;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var resends = 0; ; resends++)
        {
            if (await credentials.AuthorizeAsync(request, cancellationToken) is { } answer)
            {
                return answer;
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (resends >= MaxResends || !await credentials.ShouldResendAsync(request, response, cancellationToken))
            {
                return response;
            }

            response.Dispose();
        }
    }
}
