using System.Diagnostics;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>A span that exists in a filled store, for searches that find something.</summary>
internal readonly record struct SampledSpan(string Service, string Operation, string UserId);

/// <summary>What a filled store holds: a sample of its trace ids and of its spans, and the window their starts fall in.</summary>
internal sealed record StoredSample(IReadOnlyList<TraceId> TraceIds, IReadOnlyList<SampledSpan> Spans, TimeWindow Window);

/// <summary>
/// Fills a store through its own writer with copies of the realistic load: large batches, two writers so that one
/// prepares its batch while the other holds the store's write lock, every trace with a fresh id, and the copies'
/// start times spread evenly over the hour before the fill began.
/// </summary>
internal static class StoreFill
{
    public static readonly TimeSpan Spread = TimeSpan.FromHours(1);
    private const int Writers = 2;
    private const int MaxRequestsPerBatch = 64;
    private const int SampledIdsPerBatch = 8;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    /// <summary>Writes at least <paramref name="spans"/> spans (whole batches) to the default tenant.</summary>
    public static async Task<(StoredSample Sample, PhaseResult Written)> RunAsync(ITraceWriter writer, long spans, TextWriter output, CancellationToken cancellationToken)
    {
        var requestsPerBatch = (int)Math.Clamp((spans + RealisticLoad.SpansPerRequest - 1) / RealisticLoad.SpansPerRequest / Writers, 1, MaxRequestsPerBatch);
        var loads = new RestampedLoad[Writers];
        for (var w = 0; w < Writers; w++)
        {
            loads[w] = new RestampedLoad(RealisticLoad.Build(seed: 9 + w, requestCount: requestsPerBatch));
        }

        var batches = (spans + loads[0].Spans - 1) / loads[0].Spans;
        var end = DateTimeOffset.UtcNow;
        var begin = end - Spread;
        var ids = new List<TraceId>();
        long claimed = 0;
        long written = 0;
        var clock = CpuClock.Start();
        var workers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var load = loads[w];
            workers[w] = Task.Run(async () =>
            {
                long batch;
                while ((batch = Interlocked.Increment(ref claimed) - 1) < batches)
                {
                    load.Restamp(begin + (Spread - TimeSpan.FromSeconds(2)) * ((double)batch / batches));
                    lock (ids)
                    {
                        for (var t = 0; t < load.Traces; t += Math.Max(1, load.Traces / SampledIdsPerBatch))
                        {
                            ids.Add(load.Ids[t]);
                        }
                    }

                    await writer.WriteAsync(TenantName.Default, load.Batch, cancellationToken);
                    Interlocked.Add(ref written, load.Spans);
                }
            }, cancellationToken);
        }

        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(ProgressInterval, cancellationToken)) != all)
        {
            var sofar = Volatile.Read(ref written);
            await output.WriteLineAsync($"  store fill: {sofar:N0} of {batches * loads[0].Spans:N0} spans, {sofar / clock.Wall.TotalSeconds:N0} spans/s");
        }

        await all;
        return (new StoredSample(ids, SampleSpans(loads), new TimeWindow(begin, end)), PhaseResult.Of(written, clock));
    }

    /// <summary>Every span of the templates: each exists in the store once per copy, under a different trace id.</summary>
    private static List<SampledSpan> SampleSpans(RestampedLoad[] loads)
    {
        var sample = new List<SampledSpan>();
        foreach (var load in loads)
        {
            foreach (var resourceSpans in load.Batch)
            {
                var service = Attribute(resourceSpans.Resource.Attributes, "service.name");
                foreach (var span in resourceSpans.ScopeSpans[0].Spans)
                {
                    sample.Add(new SampledSpan(service, span.Name, Attribute(span.Attributes, "user.id")));
                }
            }
        }

        return sample;
    }

    private static string Attribute(IEnumerable<OpenTelemetry.Proto.Common.V1.KeyValue> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value.StringValue;
            }
        }

        throw new UnreachableException($"The realistic load's spans all carry '{key}'.");
    }
}
