using System.Text.Json;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>
/// Writes a job's three reports to a sink: results.csv and failed.csv (UTF-8 with a BOM, so spreadsheets read
/// accents right; CRLF; cells neutralised against formulas) from outcomes in input order, then summary.json.
/// </summary>
public static class ReportWriter
{
    private const int RowsPerBatch = 1000;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <param name="summary">Built after the rows are written, so it can count what they held.</param>
    public static Task WriteAsync(IReportSink sink, IAsyncEnumerable<RowOutcome> outcomesInOrder, Func<OutcomeTally, JobSummary> summary, CancellationToken cancellationToken) =>
        WriteAsync(sink, Batches(outcomesInOrder, cancellationToken), summary, cancellationToken);

    /// <param name="summary">Built from the counts of every batch written.</param>
    public static async Task WriteAsync(IReportSink sink, IAsyncEnumerable<ReportBatch> batchesInOrder, Func<OutcomeTally, JobSummary> summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(batchesInOrder);
        ArgumentNullException.ThrowIfNull(summary);
        var tally = new OutcomeTally();
        await using (var results = await sink.OpenWriteAsync(ReportNames.Results, "text/csv", cancellationToken))
        await using (var failed = await sink.OpenWriteAsync(ReportNames.Failed, "text/csv", cancellationToken))
        {
            await StartAsync(results, ResultsCsv.Columns, cancellationToken);
            await StartAsync(failed, FailedCsv.Columns, cancellationToken);
            await foreach (var batch in batchesInOrder.WithCancellation(cancellationToken))
            {
                tally.Merge(batch.Tally);
                foreach (var segment in batch.Results)
                {
                    await results.WriteAsync(segment, cancellationToken);
                }

                foreach (var segment in batch.Failed)
                {
                    await failed.WriteAsync(segment, cancellationToken);
                }
            }
        }

        await WriteSummaryAsync(sink, summary(tally), cancellationToken);
    }

    public static async Task WriteSummaryAsync(IReportSink sink, JobSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await using var stream = await sink.OpenWriteAsync(ReportNames.Summary, "application/json", cancellationToken);
        await JsonSerializer.SerializeAsync(stream, summary, ReportJsonContext.Default.JobSummary, cancellationToken);
    }

    private static async Task StartAsync(Stream stream, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Bom, cancellationToken);
        await stream.WriteAsync(ReportBatch.Header(columns), cancellationToken);
    }

    private static async IAsyncEnumerable<ReportBatch> Batches(IAsyncEnumerable<RowOutcome> outcomes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<RowOutcome>(RowsPerBatch);
        await foreach (var outcome in outcomes.WithCancellation(cancellationToken))
        {
            batch.Add(outcome);
            if (batch.Count == RowsPerBatch)
            {
                yield return ReportBatch.Render(batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            yield return ReportBatch.Render(batch);
        }
    }
}
