using System.Globalization;

namespace Ferry.Testing;

/// <summary>A real redis-server on a free loopback port, without persistence, for clustering tests.</summary>
public sealed class RedisHost : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisHost(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisHost> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: scripts/test.sh installs it (apt-get install redis-server).");
        var port = FreePorts.Next();
        var process = ChildProcess.Start(
            server,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            null,
            "redis");
        await FreePorts.WaitUntilOpenAsync(port, TimeSpan.FromSeconds(20), cancellationToken);
        return new RedisHost(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
