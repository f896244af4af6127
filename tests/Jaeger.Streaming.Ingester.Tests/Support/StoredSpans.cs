using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>Reads what the real embedded store holds, through its reader, as the query service would.</summary>
internal sealed class StoredSpans : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ITraceReader _reader;

    public StoredSpans(string dataDir)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = dataDir })
            .Build();
        _services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEmbeddedTraceReader().BuildServiceProvider();
        _reader = _services.GetRequiredService<ITraceReader>();
    }

    /// <summary>The span ids stored for a trace, one entry per stored span, duplicates included.</summary>
    public async Task<List<string>> SpanIdsAsync(TraceIdBytes trace)
    {
        var stored = (await _reader.GetTraceAsync(ReadScope.Default, trace.Id, null, TestContext.Current.CancellationToken))?.Trace;
        var ids = new List<string>();
        foreach (var resourceSpans in stored?.ResourceSpans ?? [])
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                ids.AddRange(scopeSpans.Spans.Select(s => Convert.ToHexString(s.SpanId.Span)));
            }
        }

        return ids;
    }

    /// <summary>True when every trace has at least <paramref name="spansPerTrace"/> spans stored.</summary>
    public async Task<bool> AllStoredAsync(IEnumerable<TraceIdBytes> traces, int spansPerTrace)
    {
        foreach (var trace in traces)
        {
            if ((await SpanIdsAsync(trace)).Count < spansPerTrace)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Asserts that every trace holds exactly <paramref name="spansPerTrace"/> distinct spans and the store nothing more of them: none lost, none duplicated.</summary>
    public async Task AssertEachStoredExactlyOnceAsync(IReadOnlyCollection<TraceIdBytes> traces, int spansPerTrace)
    {
        Assert.Equal(traces.Count, traces.Distinct().Count());
        foreach (var trace in traces)
        {
            var spanIds = await SpanIdsAsync(trace);
            Assert.Equal(spansPerTrace, spanIds.Count);
            Assert.Equal(spansPerTrace, spanIds.Distinct().Count());
        }
    }

    public void Dispose() => _services.Dispose();
}
