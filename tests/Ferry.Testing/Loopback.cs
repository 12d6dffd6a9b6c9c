using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing;

/// <summary>
/// HTTP clients that connect from a chosen loopback address: Linux answers on all of 127.0.0.0/8, so a test can be
/// "another client" (or a proxy) to a server listening on 127.0.0.1 without leaving the machine.
/// </summary>
public static class Loopback
{
    /// <summary>A handler without cookies or redirects, connecting from <paramref name="from"/> (any local address when null).</summary>
    public static SocketsHttpHandler Handler(IPAddress? from, bool allowRedirects = true) => new()
    {
        AllowAutoRedirect = allowRedirects,
        UseCookies = false,
        ConnectCallback = from is null ? null : async (context, cancellationToken) =>
        {
            var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>An HTTP client for <paramref name="baseAddress"/> from <paramref name="from"/>, without cookies or redirects.</summary>
    public static HttpClient Client(Uri baseAddress, IPAddress? from) =>
        new(Handler(from, allowRedirects: false), disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
