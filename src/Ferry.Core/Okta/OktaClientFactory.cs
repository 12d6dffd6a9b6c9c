namespace Ferry.Core.Okta;

/// <summary>Creates <see cref="OktaClient"/>s that share the configured HttpClient pipeline and count calls per job.</summary>
public sealed class OktaClientFactory(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "Ferry.Okta";

    public OktaClient Create(OktaCallMetrics metrics) => new(httpClientFactory.CreateClient(HttpClientName), metrics);
}
