using System.Buffers;
using System.Text;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>
/// A batch of outcomes rendered once: its results.csv lines, its failed.csv lines (UTF-8) and its counts. Reports are
/// the batches' bytes in input order, so a report written again while a job runs reuses what it rendered before.
/// The bytes are kept in segments below the large-object threshold: a batch of thousands of rows renders to hundreds
/// of kilobytes, and one array of that size per batch would land on the large-object heap each time.
/// </summary>
public sealed record ReportBatch(IReadOnlyList<ReadOnlyMemory<byte>> Results, IReadOnlyList<ReadOnlyMemory<byte>> Failed, OutcomeTally Tally)
{
    /// <summary>The size of a segment: well under the 85,000 bytes that make an array a large object.</summary>
    private const int SegmentSize = 64 * 1024;

    public static ReportBatch Render(IEnumerable<RowOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var results = new Segments();
        var failed = new Segments();
        var tally = new OutcomeTally();
        var line = new StringBuilder(256);
        foreach (var outcome in outcomes)
        {
            tally.Add(outcome);
            line.Clear();
            CsvCells.AppendRow(line, ResultsCsv.Cells(outcome));
            results.Add(line);
            if (outcome.NeedsAttention)
            {
                line.Clear();
                CsvCells.AppendRow(line, FailedCsv.Cells(outcome));
                failed.Add(line);
            }
        }

        return new ReportBatch(results.Done(), failed.Done(), tally);
    }

    /// <summary>The header line of a report.</summary>
    public static ReadOnlyMemory<byte> Header(IReadOnlyList<string> columns)
    {
        var line = new StringBuilder();
        CsvCells.AppendRow(line, columns);
        return Encoding.UTF8.GetBytes(line.ToString());
    }

    /// <summary>Whole lines, UTF-8, packed into segments of at most <see cref="SegmentSize"/> bytes (a longer line gets one of its own).</summary>
    private sealed class Segments
    {
        private readonly List<ReadOnlyMemory<byte>> _done = [];
        private byte[] _current = [];
        private int _used;

        public void Add(StringBuilder line)
        {
            var chars = ArrayPool<char>.Shared.Rent(line.Length);
            try
            {
                line.CopyTo(0, chars, 0, line.Length);
                var text = chars.AsSpan(0, line.Length);
                var bytes = Encoding.UTF8.GetByteCount(text);
                if (_current.Length - _used < bytes)
                {
                    Flush();
                    _current = new byte[Math.Max(SegmentSize, bytes)];
                }

                _used += Encoding.UTF8.GetBytes(text, _current.AsSpan(_used));
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        public List<ReadOnlyMemory<byte>> Done()
        {
            Flush();
            return _done;
        }

        private void Flush()
        {
            if (_used > 0)
            {
                _done.Add(_current.AsMemory(0, _used));
            }

            (_current, _used) = ([], 0);
        }
    }
}
