using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Query latency over a full embedded store (issue #9): <c>--spans</c> spans (default 1M) written through the store's
/// own writer, then sequential requests from one client, each kind after a warm-up, through the query service's
/// HTTP API (API v3, authentication off, audit on, as the all-in-one runs it) and through its storage reader
/// in-process, so the HTTP share of the time shows. Every query but one asks for something that exists; that one
/// finds nothing, after walking the whole window.
/// </summary>
internal static class QueryScenario
{
    private const double ByIdTargetMs = 5;
    private const double SearchTargetMs = 50;
    private const int WarmupRequests = 10;

    // A few hundred requests per kind give a stable p99; --seconds caps a slow kind, but never below MinRequests.
    private const int MinRequests = 5;
    private const int MaxRequests = 300;

    private delegate Task<Answer> QueryCall(Random random, CancellationToken cancellationToken);

    /// <summary>How long one request took, in Stopwatch ticks, and how many traces it returned.</summary>
    private readonly record struct Answer(long Ticks, int Traces);

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-bench-query-").FullName;
        try
        {
            var sample = await FillAsync(dataDir, arguments.StoredSpans, report, output, cancellationToken);
            var queryPort = FreePort.Next();
            await using var query = await StartQueryAsync(dataDir, queryPort, cancellationToken);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{queryPort}") };
            var reader = query.Services.GetRequiredService<ITraceReader>();

            // Service, operation and attribute come from one stored span, so every search has something to find.
            TraceQuery Search(Random random, bool withOperation, Func<SampledSpan, Dictionary<string, string>>? attributes)
            {
                var span = sample.Spans[random.Next(sample.Spans.Count)];
                return new TraceQuery
                {
                    ServiceName = span.Service,
                    OperationName = withOperation ? span.Operation : null,
                    StartTimeMin = sample.Window.Start,
                    StartTimeMax = sample.Window.End,
                    Attributes = attributes?.Invoke(span) ?? new Dictionary<string, string>(),
                };
            }

            (string Key, string What, double TargetMs, Func<Random, TraceQuery>? Search)[] kinds =
            [
                ("by_id", "trace by id", ByIdTargetMs, null),
                ("service", "search by service", SearchTargetMs, r => Search(r, withOperation: false, null)),
                ("service_operation", "search by service and operation", SearchTargetMs, r => Search(r, withOperation: true, null)),

                // A rare pair (user.id: ~1 span per template, so one per copy) and a common one (1% of spans): the two ways an attribute search runs.
                ("service_rare_attribute", "search by service and a rare attribute (user.id)", SearchTargetMs,
                    r => Search(r, withOperation: false, span => new() { ["user.id"] = span.UserId })),
                ("service_common_attribute", "search by service and a common attribute (http.response.status_code=500)", SearchTargetMs,
                    r => Search(r, withOperation: false, _ => new() { ["http.response.status_code"] = "500" })),

                // The same spans by Jaeger's derived tag, the Jaeger UI's own example: it holds by the span's status, not an indexed attribute.
                ("service_error", "search by service and error=true (derived from the status)", SearchTargetMs,
                    r => Search(r, withOperation: false, _ => new() { ["error"] = "true" })),

                // A derived tag no span of the service holds: the search walks the whole window and finds nothing, as a
                // mistyped or unused kind does.
                ("service_unused_kind", "search by service and a span kind none of its spans has (span.kind=producer)", SearchTargetMs,
                    r => Search(r, withOperation: false, _ => new() { ["span.kind"] = "producer" })),
            ];

            foreach (var (key, what, targetMs, search) in kinds)
            {
                QueryCall overHttp = search is null
                    ? (r, ct) => GetAsync(http, "/api/v3/traces/" + sample.TraceIds[r.Next(sample.TraceIds.Count)], ct)
                    : (r, ct) => GetAsync(http, SearchPath(search(r)), ct);
                QueryCall inProcess = search is null
                    ? async (r, ct) =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        var trace = await reader.GetTraceAsync(ReadScope.Default, sample.TraceIds[r.Next(sample.TraceIds.Count)], null, ct);
                        return new Answer(Stopwatch.GetTimestamp() - started, trace is null ? 0 : 1);
                    }
                    : async (r, ct) =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        var traces = await reader.FindTracesAsync(ReadScope.Default, search(r), ct);
                        return new Answer(Stopwatch.GetTimestamp() - started, traces.Count);
                    };

                var viaHttp = await MeasureAsync(overHttp, arguments, cancellationToken);
                var viaReader = await MeasureAsync(inProcess, arguments, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {what}: HTTP p50 {viaHttp.Latencies.PercentileMs(50):0.0} ms, p99 {viaHttp.Latencies.PercentileMs(99):0.0} ms; reader p50 {viaReader.Latencies.PercentileMs(50):0.0} ms, p99 {viaReader.Latencies.PercentileMs(99):0.0} ms; {viaHttp.TracesPerAnswer:0.#} traces per answer"));
                Add(report, $"query.http.{key}", $"{what}, GET over HTTP", viaHttp);
                report.Add($"query.http.{key}.p50_ratio_to_target", viaHttp.Latencies.PercentileMs(50) / targetMs, "ratio", $"{what}: HTTP p50 over the {targetMs:0} ms target (below 1 meets it)");
                Add(report, $"query.reader.{key}", $"{what}, the storage reader in-process", viaReader);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<StoredSample> FillAsync(string dataDir, long spans, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        StoredSample sample;
        PhaseResult written;
        await using (var provider = EmbeddedStore.Services(dataDir, services => services.AddEmbeddedTraceWriter()))
        {
            (sample, written) = await StoreFill.RunAsync(provider.GetRequiredService<ITraceWriter>(), spans, output, cancellationToken);
        }

        var bytes = 0L;
        foreach (var file in new DirectoryInfo(dataDir).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            bytes += file.Length;
        }

        await output.WriteLineAsync($"query: stored {written.Count:N0} spans in {written.Wall.TotalSeconds:0.0} s ({written.PerSecond:N0} spans/s), {bytes / 1048576.0:N0} MiB on disk");
        report.Add("query.store.spans", written.Count, "spans", "spans stored: copies of the realistic load, every trace with a fresh id, starts spread over one hour");
        report.Add("query.store.fill_spans_per_s", written.PerSecond, "spans/s", "side figure: filling through the embedded store's writer, two writers, batches of up to 6,400 spans");
        report.Add("query.store.fill_cpu_s_per_m_spans", written.CpuSecondsPerMillion, "CPU s/M", "side figure: process CPU per million spans filled");
        report.Add("query.store.bytes_per_span", (double)bytes / written.Count, "bytes", "database files on disk per span stored");
        return sample;
    }

    /// <summary>The query service as its own host builds it, on loopback, as the all-in-one configures it.</summary>
    private static async Task<WebApplication> StartQueryAsync(string dataDir, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Query:ListenAddress"] = "127.0.0.1",
            ["Query:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Query:AdminPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Query:Authentication:Mode"] = "none",
            ["Query:Audit:Path"] = Path.Combine(dataDir, "query-audit.jsonl"),
            ["Storage:Embedded:DataDir"] = dataDir,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddQuery();
        var app = builder.Build();
        app.MapQuery();
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static string SearchPath(TraceQuery query)
    {
        var path = $"/api/v3/traces?query.serviceName={Uri.EscapeDataString(query.ServiceName!)}&query.startTimeMin={Rfc3339(query.StartTimeMin)}&query.startTimeMax={Rfc3339(query.StartTimeMax)}";
        if (query.OperationName is not null)
        {
            path += "&query.operationName=" + Uri.EscapeDataString(query.OperationName);
        }

        if (query.Attributes.Count > 0)
        {
            path += "&query.attributes=" + Uri.EscapeDataString(JsonSerializer.Serialize(query.Attributes));
        }

        return path;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    /// <summary>GETs an API v3 path; the time is to the last byte of the answer. 404 is an answer with no trace.</summary>
    private static async Task<Answer> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var ticks = Stopwatch.GetTimestamp() - started;
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new Answer(ticks, CountTraces(body)),
            HttpStatusCode.NotFound => new Answer(ticks, 0),
            _ => throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)))}"),
        };
    }

    /// <summary>The distinct trace ids in an API v3 answer (<c>{"result": TracesData}</c>).</summary>
    private static int CountTraces(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resourceSpans in json.RootElement.GetProperty("result").GetProperty("resourceSpans").EnumerateArray())
        {
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    ids.Add(span.GetProperty("traceId").GetString()!);
                }
            }
        }

        return ids.Count;
    }

    /// <summary>Warms up (<see cref="WarmupRequests"/> or <c>--warmup</c>, whichever ends first), then measures sequential requests.</summary>
    private static async Task<Measured> MeasureAsync(QueryCall call, HarnessArguments arguments, CancellationToken cancellationToken)
    {
        var warmupRandom = new Random(1);
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < WarmupRequests && warmup.Elapsed < arguments.Warmup; i++)
        {
            await call(warmupRandom, cancellationToken);
        }

        // The same seed for every path, so HTTP and the reader answer the same queries.
        var random = new Random(9);
        var latencies = new Latencies();
        long traces = 0;
        var clock = Stopwatch.StartNew();
        while (latencies.Count < MaxRequests && (latencies.Count < MinRequests || clock.Elapsed < arguments.Duration))
        {
            var answer = await call(random, cancellationToken);
            latencies.Record(answer.Ticks);
            traces += answer.Traces;
        }

        return new Measured(Latencies.Merge([latencies]), (double)traces / latencies.Count);
    }

    private static void Add(Report report, string key, string what, Measured measured)
    {
        report.Add(key + ".p50_ms", measured.Latencies.PercentileMs(50), "ms", what + ", p50");
        report.Add(key + ".p99_ms", measured.Latencies.PercentileMs(99), "ms", what + ", p99");
        report.Add(key + ".requests", measured.Latencies.Count, "requests", what + ": sequential requests measured, one client");
        report.Add(key + ".traces_per_answer", measured.TracesPerAnswer, "traces", what + ": traces returned per answer, mean (a search returns at most 20, its default depth)");
    }

    private sealed record Measured(Latencies Latencies, double TracesPerAnswer);
}
