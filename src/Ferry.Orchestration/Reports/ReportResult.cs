using Ferry.Core.Reports;

namespace Ferry.Orchestration.Reports;

/// <summary>The summary as written to summary.json (groups' problems shortened to the first 100: the blob has them all).</summary>
public sealed record ReportResult(JobSummary Summary);
