using System.Globalization;
using Azure.Storage.Blobs;

namespace Ferry.Testing;

/// <summary>
/// A real Azurite (the version pinned in package-lock.json) on free loopback ports with its own data folder. Can be
/// stopped and started again on the same ports and data, to test a storage outage.
/// </summary>
public sealed class AzuriteHost : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string BlobServiceClosed = "Azurite Blob service successfully closed";

    private readonly string _dataDirectory;
    private ChildProcess? _process;

    private AzuriteHost(int blobPort, int queuePort, int tablePort, string dataDirectory)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _dataDirectory = dataDirectory;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<AzuriteHost> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(RepositoryPaths.AzuriteScript))
        {
            throw new InvalidOperationException($"Azurite is not installed ({RepositoryPaths.AzuriteScript} missing): run scripts/npm-ci.sh (scripts/test.sh does).");
        }

        var data = Path.Combine(Path.GetTempPath(), "ferry-tests", "azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        for (var attempt = 1; ; attempt++)
        {
            var host = new AzuriteHost(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), data);
            try
            {
                await host.StartProcessAsync(cancellationToken);
                return host;
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                // A port taken meanwhile by another process of a parallel test run: other ports.
                await host.StopAsync();
            }
        }
    }

    /// <summary>A client for this Azurite, on the storage API version Ferry uses.</summary>
    public BlobServiceClient CreateServiceClient() =>
        new(ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    /// <summary>
    /// Stops Azurite, keeping its data: storage is gone until <see cref="RestartAsync"/>. An outage, not a lost disk:
    /// Azurite saves its metadata only every 5 s, and Azure never forgets a write it acknowledged, so Azurite gets a
    /// SIGTERM and saves as its blob service closes (milliseconds); then, as it would idle for 10 s or more before
    /// exiting, a SIGKILL.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Terminate();
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!_process.HasExited && !_process.ReadLog().Contains(BlobServiceClosed, StringComparison.Ordinal) && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        await _process.KillAsync();
        await _process.DisposeAsync();
        _process = null;
    }

    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            RepositoryPaths.AzuriteScript,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            "--location", _dataDirectory, "--skipApiVersionCheck", "--loose", "--silent",
        ];
        _process = ChildProcess.Start("node", arguments, null, "azurite");
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            await FreePorts.WaitUntilOpenAsync(port, TimeSpan.FromSeconds(30), cancellationToken);
        }

        // Listening, and still running: a service that could not bind its port makes Azurite exit.
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Azurite exited at start: {_process.ReadLog()}");
        }
    }
}
