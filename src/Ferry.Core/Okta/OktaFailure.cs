using Ferry.Core.Reports;

namespace Ferry.Core.Okta;

/// <summary>Why an Okta call did not succeed: Okta's error code, summary and causes, or a transport problem.</summary>
public sealed record OktaFailure(
    OktaFailureKind Kind,
    int? StatusCode,
    string? ErrorCode,
    string Summary,
    IReadOnlyList<string> Causes,
    DateTimeOffset? RetryAt = null)
{
    /// <summary>Okta's duplicate-login error: 400 E0000001 whose causes say the login already exists.</summary>
    public bool IsDuplicateLogin =>
        ErrorCode == "E0000001" && Causes.Any(c => c.StartsWith("login:", StringComparison.Ordinal) && c.Contains("already exists", StringComparison.Ordinal));

    /// <summary>A group create that failed because the name is taken (E0000001 on name).</summary>
    public bool IsDuplicateName =>
        ErrorCode == "E0000001" && Causes.Any(c => c.StartsWith("name:", StringComparison.Ordinal) && c.Contains("already exists", StringComparison.Ordinal));

    /// <summary>Not a row's problem: Ferry's credentials or their scopes are refused, so every row would fail alike; the job stops.</summary>
    public bool IsFatal => Kind is OktaFailureKind.Unauthorized or OktaFailureKind.MissingScope;

    public bool IsRetryable => Kind is OktaFailureKind.Transient or OktaFailureKind.Throttled;

    /// <summary>
    /// The summary with the first three causes, as one line for a report: each part cut to
    /// <see cref="ReportText.MaxLength"/>, and every occurrence of <paramref name="secrets"/> (what the request sent:
    /// a password, a hash, a salt) redacted first, in case Okta echoes them.
    /// </summary>
    public string Describe(IEnumerable<string?>? secrets = null)
    {
        var known = secrets?.ToList();
        var summary = ReportText.Clean(Summary, known);
        return Causes.Count == 0 ? summary : $"{summary}: {string.Join("; ", Causes.Take(3).Select(c => ReportText.Clean(c, known)))}";
    }
}
