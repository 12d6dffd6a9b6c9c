namespace Ferry.Core.Reports;

public sealed record GroupProblem(string Name, string? ErrorCode, string? ErrorSummary);
