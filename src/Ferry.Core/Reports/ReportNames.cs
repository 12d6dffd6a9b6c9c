namespace Ferry.Core.Reports;

/// <summary>The report files every job writes (blob names under <c>ferry-reports/{instanceId}/</c> in the server).</summary>
public static class ReportNames
{
    public const string Results = "results.csv";
    public const string Failed = "failed.csv";
    public const string Summary = "summary.json";

    public static IReadOnlyList<string> All { get; } = [Results, Failed, Summary];
}
