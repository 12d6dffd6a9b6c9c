using Ferry.Core.Jobs;
using Ferry.Orchestration.Jobs;

namespace Ferry.Orchestration.Reports;

/// <summary>
/// Which reports to write: the job, the phase whose outcomes make results.csv, how the job ended (or that it is
/// still running), its failure, whether this is an interim version, and its timings.
/// </summary>
public sealed record ReportRequest(
    string JobId,
    JobInput Input,
    string Phase,
    string Outcome,
    JobFailure? Failure,
    bool Interim,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<string, double> PhaseSeconds);
