using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Jaeger.Streaming.Testing;

/// <summary>Loopback ports for services a test starts on real sockets.</summary>
public static class FreePort
{
    // Below every OS's ephemeral range (Linux starts at 32768, Windows and macOS at 49152). A port the OS hands out for
    // port 0 comes from that range, and so does the source port of every outgoing connection: in a parallel test run
    // (Kafka clients, HTTP clients) one of those took such a port between this check and the host's bind
    // ("address already in use"). Ports here are only ever taken by listeners that ask for them by number.
    private const int First = 20_000;
    private const int Last = 32_767;

    // A test host asking for three ports must get three: never hand out the same port twice in a process.
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        while (true)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (IsFree(port) && HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
