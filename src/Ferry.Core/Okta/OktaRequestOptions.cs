namespace Ferry.Core.Okta;

/// <summary>Per-request values the client hands its handlers.</summary>
public static class OktaRequestOptions
{
    public static HttpRequestOptionsKey<AttemptCounter> Attempts { get; } = new("Ferry.Attempts");

    public static HttpRequestOptionsKey<OktaCallMetrics> Metrics { get; } = new("Ferry.Metrics");
}
