using Ferry.Core.RateLimiting;

namespace Ferry.Core.Okta;

/// <summary>Per-request values the client hands its handlers.</summary>
public static class OktaRequestOptions
{
    public static HttpRequestOptionsKey<AttemptCounter> Attempts { get; } = new("Ferry.Attempts");

    public static HttpRequestOptionsKey<OktaCallMetrics> Metrics { get; } = new("Ferry.Metrics");

    /// <summary>The budget this request draws on when it is not the process's own (an activity's leased slots).</summary>
    public static HttpRequestOptionsKey<BudgetAdmission> Admission { get; } = new("Ferry.Admission");

    /// <summary>The OAuth 2.0 scopes the job making this request needs (a service app's token is asked for with these).</summary>
    public static HttpRequestOptionsKey<IReadOnlyList<string>> Scopes { get; } = new("Ferry.Scopes");
}
