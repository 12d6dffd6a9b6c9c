namespace Ferry.Core.Reports;

/// <summary>Writes reports as files in a folder.</summary>
public sealed class DirectoryReportSink(string directory) : IReportSink
{
    public string Directory { get; } = directory;

    public Task<Stream> OpenWriteAsync(string name, string contentType, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<Stream>(new FileStream(Path.Combine(Directory, name), FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true));
    }
}
