using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing;

/// <summary>Free TCP ports on 127.0.0.1, so parallel tests never collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilOpenAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
            }
        }

        throw new TimeoutException($"nothing listens on 127.0.0.1:{port} after {timeout}");
    }
}
