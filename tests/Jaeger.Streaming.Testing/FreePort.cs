using System.Net;
using System.Net.Sockets;

namespace Jaeger.Streaming.Testing;

/// <summary>Loopback ports for services a test starts on real sockets.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
