using System.Diagnostics;

namespace Jaeger.Streaming.Benchmarks.Reporting;

/// <summary>
/// Wall time and this process's CPU time over one measured phase. CPU time is the fairer figure on a shared machine,
/// but it covers the whole process: the load client and the mock cluster run here too. The GC's pauses and allocations
/// are kept too, since on two cores they are often where the time goes.
/// </summary>
internal readonly struct CpuClock
{
    private readonly long _startTimestamp;
    private readonly TimeSpan _startCpu;
    private readonly TimeSpan _startGcPause;
    private readonly long _startAllocated;

    private CpuClock(long startTimestamp, TimeSpan startCpu)
    {
        _startTimestamp = startTimestamp;
        _startCpu = startCpu;
        _startGcPause = GC.GetTotalPauseDuration();
        _startAllocated = GC.GetTotalAllocatedBytes(precise: true);
    }

    public static CpuClock Start() => new(Stopwatch.GetTimestamp(), ProcessCpu());

    public TimeSpan Wall => Stopwatch.GetElapsedTime(_startTimestamp);

    public TimeSpan Cpu => ProcessCpu() - _startCpu;

    public TimeSpan GcPause => GC.GetTotalPauseDuration() - _startGcPause;

    // Precise: the imprecise count leaves out what threads' allocation contexts hold, and read a whole 10 s step of
    // the store sink (hundreds of MB allocated on pool threads) as 0 bytes.
    public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _startAllocated;

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
