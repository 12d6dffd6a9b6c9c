using Ferry.Core.Jobs;
using Ferry.Core.Okta;

namespace Ferry.Core.Reports;

/// <summary>summary.json: what a job did, in counts. See docs/reports.md for every field.</summary>
public sealed record JobSummary
{
    public required string File { get; init; }

    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary><c>completed</c>, <c>failed</c> (a job-level error) or <c>terminated</c>.</summary>
    public required string Outcome { get; init; }

    public JobFailure? Failure { get; init; }

    public int RowsTotal { get; init; }

    public int RowsInvalid { get; init; }

    public int RowsSucceeded { get; init; }

    public int RowsNeedingAttention { get; init; }

    /// <summary>
    /// Rows the job was given that it never sent to the target: those it never reached (not in results.csv) and those its
    /// last batches had not sent when it stopped (action <c>not-attempted</c>). Zero for a job that ran to its end.
    /// </summary>
    public int RowsNotAttempted { get; init; }

    public required IReadOnlyDictionary<string, int> Actions { get; init; }

    public required IReadOnlyDictionary<string, int> ErrorCodes { get; init; }

    public required GroupsSummary Groups { get; init; }

    public required IReadOnlyDictionary<string, BucketCalls> Calls { get; init; }

    public long CallsTotal { get; init; }

    public long Throttled { get; init; }

    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>What the file leaves the target to decide, one sentence each (an Auth0 file without <c>email_verified</c>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public double DurationSeconds { get; init; }

    public required IReadOnlyDictionary<string, double> PhaseSeconds { get; init; }
}
