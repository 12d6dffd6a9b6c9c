using System.Text.Json;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>Writes a job's three reports to a sink: results.csv and failed.csv from outcomes in input order, then summary.json.</summary>
public static class ReportWriter
{
    /// <param name="summary">Built after the rows are written, so it can count what they held.</param>
    public static async Task WriteAsync(IReportSink sink, IAsyncEnumerable<RowOutcome> outcomesInOrder, Func<JobSummary> summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(outcomesInOrder);
        await using (var resultsStream = await sink.OpenWriteAsync(ReportNames.Results, "text/csv", cancellationToken))
        await using (var failedStream = await sink.OpenWriteAsync(ReportNames.Failed, "text/csv", cancellationToken))
        {
            await using var results = new CsvReportWriter(resultsStream, ResultsCsv.Columns);
            await using var failed = new CsvReportWriter(failedStream, FailedCsv.Columns);
            await foreach (var outcome in outcomesInOrder.WithCancellation(cancellationToken))
            {
                await results.WriteRowAsync(ResultsCsv.Cells(outcome), cancellationToken);
                if (outcome.NeedsAttention)
                {
                    await failed.WriteRowAsync(FailedCsv.Cells(outcome), cancellationToken);
                }
            }
        }

        ArgumentNullException.ThrowIfNull(summary);
        await WriteSummaryAsync(sink, summary(), cancellationToken);
    }

    public static async Task WriteSummaryAsync(IReportSink sink, JobSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await using var stream = await sink.OpenWriteAsync(ReportNames.Summary, "application/json", cancellationToken);
        await JsonSerializer.SerializeAsync(stream, summary, ReportJsonContext.Default.JobSummary, cancellationToken);
    }
}
