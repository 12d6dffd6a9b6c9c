namespace Ferry.Core.Auth0Api;

/// <summary>A completed import job's totals.</summary>
public sealed record Auth0JobSummary(int Failed, int Updated, int Inserted, int Total);
