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

    // The test assemblies run in parallel processes, and a port checked free here may be checked free by another
    // process before either binds it (CI saw "address already in use" so). Each port handed out is claimed with an
    // exclusive lock on a file named after it, held until this process exits, when the OS releases it.
    private static readonly string Claims = Path.Combine(Path.GetTempPath(), "jaeger-streaming-test-ports");
    private static readonly ConcurrentBag<FileStream> Held = [];

    // A test host asking for three ports must get three: never hand out the same port twice in a process.
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        Directory.CreateDirectory(Claims);
        while (true)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (HandedOut.TryAdd(port, true) && TryClaim(port) && IsFree(port))
            {
                return port;
            }
        }
    }

    private static bool TryClaim(int port)
    {
        try
        {
            Held.Add(new FileStream(Path.Combine(Claims, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's claims directory: no claim is possible, so fall back to the free check alone.
            return true;
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
