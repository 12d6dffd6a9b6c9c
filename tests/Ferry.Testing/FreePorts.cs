using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing;

/// <summary>
/// Free TCP ports on 127.0.0.1, so parallel tests never collide. Taken at random below Linux's ephemeral range
/// (32768 and up): a port the system handed out for "any port" could be taken again by an outgoing connection's local
/// end before the server meant to listen on it has started.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_767;

    public static int Next()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // taken: another one
            }
        }
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
