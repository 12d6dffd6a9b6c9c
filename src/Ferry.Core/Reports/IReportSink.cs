namespace Ferry.Core.Reports;

/// <summary>Where a job's reports go: a folder in tests and benchmarks, a blob container in the server.</summary>
public interface IReportSink
{
    /// <summary>A writable stream for the report <paramref name="name"/> (results.csv, failed.csv, summary.json); disposing it saves it.</summary>
    Task<Stream> OpenWriteAsync(string name, string contentType, CancellationToken cancellationToken);
}
