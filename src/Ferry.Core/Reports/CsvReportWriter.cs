using System.Text;

namespace Ferry.Core.Reports;

/// <summary>Writes a CSV report (UTF-8 with BOM, CRLF, safe cells) row by row, buffering in chunks.</summary>
public sealed class CsvReportWriter : IAsyncDisposable
{
    private const int FlushAt = 32 * 1024;

    private readonly StreamWriter _writer;
    private readonly StringBuilder _buffer = new();

    public CsvReportWriter(Stream stream, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(columns);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        CsvCells.AppendRow(_buffer, columns);
    }

    public ValueTask WriteRowAsync(IEnumerable<string?> cells, CancellationToken cancellationToken = default)
    {
        CsvCells.AppendRow(_buffer, cells);
        return _buffer.Length > FlushAt ? FlushBufferAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await FlushBufferAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(_buffer, cancellationToken);
        _buffer.Clear();
    }
}
