using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Faults;

/// <summary>Keeps producing one trace per record at a steady pace, as live services would, until the test stops it.</summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<TraceIdBytes> _produced = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SteadyLoad(SpanRecordProducer producer, int spansPerTrace, TimeSpan pace) => _running = RunAsync(producer, spansPerTrace, pace);

    public static SteadyLoad Start(SpanRecordProducer producer, int spansPerTrace, TimeSpan pace) => new(producer, spansPerTrace, pace);

    /// <summary>How many traces Kafka has acknowledged so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _produced.Count;
            }
        }
    }

    /// <summary>Stops producing and returns every trace Kafka acknowledged.</summary>
    public async Task<List<TraceIdBytes>> StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        lock (_lock)
        {
            return [.. _produced];
        }
    }

    /// <summary>Stops producing if the test did not, so that a failed test leaves nothing running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Waits until <paramref name="more"/> traces beyond the current count are acknowledged.</summary>
    public Task WaitForMoreAsync(int more, string what)
    {
        var target = Count + more;
        return Eventually.HoldsAsync(() => Count >= target, what);
    }

    private async Task RunAsync(SpanRecordProducer producer, int spansPerTrace, TimeSpan pace)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            var trace = await producer.ProduceTraceAsync(spansPerTrace);
            lock (_lock)
            {
                _produced.Add(trace);
            }

            try
            {
                await Task.Delay(pace, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
