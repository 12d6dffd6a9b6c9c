using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Okta;

/// <summary><c>Authorization: SSWS &lt;token&gt;</c>.</summary>
public sealed class SswsCredentials(IOptions<OktaOptions> options) : IOktaCredentials
{
    public ValueTask<HttpResponseMessage?> AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", options.Value.ApiToken);
        return ValueTask.FromResult<HttpResponseMessage?>(null);
    }
}
