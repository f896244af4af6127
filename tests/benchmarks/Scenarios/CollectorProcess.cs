using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The collector in a process of its own (this harness started again as <see cref="Command"/>, which runs
/// <see cref="CollectorUnderTest"/>), so that its resident set is the collector's alone: in the harness's own process
/// it would include the mock Kafka's logs, the ingester and the load client. It runs with the 64 MiB gen0 budget the
/// collector's Dockerfile and launch profile set, and the Server GC its host runs (this harness's runtimeconfig).
/// </summary>
internal sealed class CollectorProcess : IAsyncDisposable
{
    public const string Command = "collector-process";

    // What the child writes, followed by its OTLP/HTTP port, once the collector has started; its logs come before and after.
    private const string Listening = "collector-process: OTLP/HTTP on port ";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    private readonly Task _output;

    private CollectorProcess(Process process, Task output, Uri httpTraces)
    {
        Process = process;
        _output = output;
        HttpTraces = httpTraces;
    }

    public Uri HttpTraces { get; }

    public Process Process { get; }

    /// <param name="settings">More of the collector's command line, as for <see cref="CollectorUnderTest.StartAsync"/>.</param>
    public static async Task<CollectorProcess> StartAsync(string bootstrapServers, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Muxer())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["exec", typeof(CollectorProcess).Assembly.Location, Command, bootstrapServers, .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_GCgen0size"] = "0x4000000";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");

        // Both streams are read to their end, so that the child never blocks on a full pipe; the last lines are kept
        // to say why it did not start.
        var lines = new Queue<string>();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task ReadAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (line.StartsWith(Listening, StringComparison.Ordinal))
                {
                    port.TrySetResult(int.Parse(line[Listening.Length..], CultureInfo.InvariantCulture));
                    continue;
                }

                lock (lines)
                {
                    lines.Enqueue(line);
                    if (lines.Count > 20)
                    {
                        lines.Dequeue();
                    }
                }
            }
        }

        var output = Task.WhenAll(ReadAsync(process.StandardOutput), ReadAsync(process.StandardError));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartLimit);
            var started = await Task.WhenAny(port.Task, output.WaitAsync(timeout.Token));
            if (started != port.Task)
            {
                throw new InvalidOperationException($"the collector process did not start: {string.Join(Environment.NewLine, lines)}");
            }

            return new CollectorProcess(process, output, new Uri($"http://127.0.0.1:{await port.Task}/v1/traces"));
        }
        catch (Exception error) when (error is InvalidOperationException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side: starts the collector, writes its OTLP/HTTP port, and runs until its input closes.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var bootstrapServers, .. var settings])
        {
            await Console.Error.WriteLineAsync($"usage: {Command} <bootstrap servers> [--Key=Value ...]");
            return 2;
        }

        await using var collector = await CollectorUnderTest.StartAsync(bootstrapServers, CancellationToken.None, settings);
        await Console.Out.WriteLineAsync(Listening + collector.HttpTraces.Port.ToString(CultureInfo.InvariantCulture));
        await Console.Out.FlushAsync();

        // The parent closes this process's input to stop it, and so does its exit, however it ends.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        Process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(StopLimit);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
        }

        await _output;
        Process.Dispose();
    }

    // The dotnet host that runs this process: the runtime directory is <root>/shared/Microsoft.NETCore.App/<version>/.
    private static string Muxer()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}
