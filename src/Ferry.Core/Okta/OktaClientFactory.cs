using Ferry.Core.RateLimiting;

namespace Ferry.Core.Okta;

/// <summary>Creates <see cref="OktaClient"/>s that share the configured HttpClient pipeline and count calls per job.</summary>
public sealed class OktaClientFactory(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "Ferry.Okta";

    public OktaClient Create(OktaCallMetrics metrics) => new(httpClientFactory.CreateClient(HttpClientName), metrics);

    /// <summary>A client whose requests draw on <paramref name="budget"/> (slots leased for one batch) instead of the process's budget.</summary>
    /// <remarks>
    /// <paramref name="scopes"/>: what the job needs (<see cref="OAuth.OktaScopes.For(Jobs.JobOptions, bool)"/>); with an OAuth 2.0 service app
    /// and no <c>Okta:Scopes</c>, its requests carry a token asked for with exactly these.
    /// </remarks>
    public OktaClient Create(OktaCallMetrics metrics, IRateLimitBudget budget, TimeProvider time, IReadOnlyList<string>? scopes = null) =>
        new(httpClientFactory.CreateClient(HttpClientName), metrics, new BudgetAdmission(budget, time), scopes);
}
