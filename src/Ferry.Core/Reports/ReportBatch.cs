using System.Text;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>
/// A batch of outcomes rendered once: its results.csv lines, its failed.csv lines (UTF-8) and its counts. Reports are
/// the batches' bytes in input order, so a report written again while a job runs reuses what it rendered before.
/// </summary>
public sealed record ReportBatch(ReadOnlyMemory<byte> Results, ReadOnlyMemory<byte> Failed, OutcomeTally Tally)
{
    public static ReportBatch Render(IEnumerable<RowOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var results = new StringBuilder();
        var failed = new StringBuilder();
        var tally = new OutcomeTally();
        foreach (var outcome in outcomes)
        {
            tally.Add(outcome);
            CsvCells.AppendRow(results, ResultsCsv.Cells(outcome));
            if (outcome.NeedsAttention)
            {
                CsvCells.AppendRow(failed, FailedCsv.Cells(outcome));
            }
        }

        return new ReportBatch(Encoding.UTF8.GetBytes(results.ToString()), Encoding.UTF8.GetBytes(failed.ToString()), tally);
    }

    /// <summary>The header line of a report.</summary>
    public static ReadOnlyMemory<byte> Header(IReadOnlyList<string> columns)
    {
        var line = new StringBuilder();
        CsvCells.AppendRow(line, columns);
        return Encoding.UTF8.GetBytes(line.ToString());
    }
}
