using Ferry.Core.Jobs;
using Ferry.Core.Reports;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// What a job ends with (the orchestration's output): how it ended (<see cref="JobOutcomes"/>), the summary as in
/// summary.json, and the job-level failure if any. The reports are written before the orchestration returns it.
/// </summary>
public sealed record JobOutput(string Outcome, JobSummary? Summary, JobFailure? Failure);
