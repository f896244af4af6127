using System.Diagnostics;
using System.Globalization;

namespace Jaeger.Streaming.Benchmarks.Reporting;

/// <summary>A process's resident set and (for this process only, else 0) managed heap at one moment, <see cref="At"/> after sampling started.</summary>
internal readonly record struct MemorySample(TimeSpan At, long ResidentBytes, long ManagedHeapBytes);

/// <summary>
/// Samples a process's memory at a fixed interval until stopped: this process by default (every service it runs, the
/// mock cluster's native buffers and the load client together), or a child such as <see cref="Scenarios.CollectorProcess"/>.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<MemorySample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(TimeSpan interval, Process? child = null) => _loop = SampleAsync(interval, child);

    /// <summary>Stops sampling and returns the samples, oldest first.</summary>
    public async Task<IReadOnlyList<MemorySample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _samples;
    }

    /// <summary>The largest resident set of the samples taken in [<paramref name="from"/>, <paramref name="to"/>); NaN when none was.</summary>
    public static double MaxResidentBytes(IReadOnlyList<MemorySample> samples, TimeSpan from, TimeSpan to)
    {
        var max = double.NaN;
        foreach (var sample in samples)
        {
            if (sample.At >= from && sample.At < to && !(sample.ResidentBytes <= max))
            {
                max = sample.ResidentBytes;
            }
        }

        return max;
    }

    /// <summary>This process's resident set now, in bytes.</summary>
    public static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>
    /// Resets the kernel's high-water mark (Linux: 5 into <c>/proc/self/clear_refs</c>), so that <see cref="PeakResidentBytes"/>
    /// covers what follows only. Where that is not allowed the mark keeps covering the whole process life.
    /// </summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText(ProcPath(null, "clear_refs"), "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The kernel's high-water mark of a process's resident set (VmHWM; this process's by default), in bytes; NaN where Linux does not report it.</summary>
    public static double PeakResidentBytes(int? processId = null)
    {
        var path = ProcPath(processId, "status");
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024.0;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private static string ProcPath(int? processId, string file) =>
        $"/proc/{(processId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "self")}/{file}";

    private async Task SampleAsync(TimeSpan interval, Process? child)
    {
        using var self = child is null ? Process.GetCurrentProcess() : null;
        var process = child ?? self!;
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        do
        {
            process.Refresh();
            if (process.HasExited)
            {
                return;
            }

            var heap = child is null ? GC.GetTotalMemory(forceFullCollection: false) : 0;
            _samples.Add(new MemorySample(Stopwatch.GetElapsedTime(started), process.WorkingSet64, heap));
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
