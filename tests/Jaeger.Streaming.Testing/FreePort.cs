using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Jaeger.Streaming.Testing;

/// <summary>Loopback ports for services a test starts on real sockets.</summary>
public static class FreePort
{
    // The OS may hand a just-released port out again; a test host asking for three ports must get three.
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }
}
