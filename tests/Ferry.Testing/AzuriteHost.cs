using System.Globalization;

namespace Ferry.Testing;

/// <summary>
/// A real Azurite (the version pinned in package-lock.json) on free loopback ports with its own data folder. Can be
/// stopped and started again on the same ports and data, to test a storage outage.
/// </summary>
public sealed class AzuriteHost : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

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
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    public static async Task<AzuriteHost> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(RepositoryPaths.AzuriteScript))
        {
            throw new InvalidOperationException($"Azurite is not installed ({RepositoryPaths.AzuriteScript} missing): run scripts/npm-ci.sh (scripts/test.sh does).");
        }

        var data = Path.Combine(Path.GetTempPath(), "ferry-tests", "azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var host = new AzuriteHost(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), data);
        await host.StartProcessAsync(cancellationToken);
        return host;
    }

    /// <summary>Stops Azurite (SIGKILL), keeping its data: storage is gone until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
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
        await FreePorts.WaitUntilOpenAsync(BlobPort, TimeSpan.FromSeconds(30), cancellationToken);
    }
}
