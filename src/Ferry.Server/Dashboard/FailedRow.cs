namespace Ferry.Server.Dashboard;

/// <summary>A row of a job's failed.csv, as the dashboard lists it (the report's columns, docs/reports.md).</summary>
public sealed record FailedRow(int Line, int Row, string Login, string Email, string Action, string ErrorCode, string ErrorSummary);
