using Ferry.Core.RateLimiting;

namespace Ferry.Core.Okta;

/// <summary>Creates <see cref="OktaClient"/>s that share the configured HttpClient pipeline and count calls per job.</summary>
public sealed class OktaClientFactory(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "Ferry.Okta";

    public OktaClient Create(OktaCallMetrics metrics) => new(httpClientFactory.CreateClient(HttpClientName), metrics);

    /// <summary>A client whose requests draw on <paramref name="budget"/> (slots leased for one batch) instead of the process's budget.</summary>
    public OktaClient Create(OktaCallMetrics metrics, IRateLimitBudget budget, TimeProvider time) =>
        new(httpClientFactory.CreateClient(HttpClientName), metrics, new BudgetAdmission(budget, time));
}
