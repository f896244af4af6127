using System.Globalization;
using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// Pre-built, production-shaped OTLP requests (issue #9): 100 spans each, across 20 services and 50 operations,
/// about 20 attributes a span (strings, ints, a few long values), 10% of spans with events, traces of 1–30 spans.
/// Everything is built before measuring, so that the client is not the bottleneck. Deterministic for a seed.
/// </summary>
internal sealed class RealisticLoad
{
    public const int SpansPerRequest = 100;
    public const int ServiceCount = 20;
    public const int OperationCount = 50;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Services = BuildNames("svc-", ServiceCount);
    private static readonly string[] Operations = BuildOperations();

    // A few long values, as real spans carry: SQL, user agents, stack traces. They dominate the bytes, not the count.
    private static readonly string LongStatement =
        "SELECT o.id, o.created_at, o.status, o.total, c.id, c.name, c.email, a.street, a.city, a.zip FROM orders o "
        + "JOIN customers c ON c.id = o.customer_id JOIN addresses a ON a.id = o.shipping_address_id "
        + "WHERE o.tenant_id = $1 AND o.created_at > $2 AND o.status IN ('open', 'paid', 'shipped') ORDER BY o.created_at DESC LIMIT 50";

    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    private static readonly string StackTrace = string.Concat(Enumerable.Repeat(
        "   at Shop.Orders.OrderService.PlaceAsync(OrderRequest request, CancellationToken cancellationToken) in /src/Shop/Orders/OrderService.cs:line 128\n", 6));

    private readonly Random _random;
    private readonly ulong _startNanos;

    private RealisticLoad(int seed, int requestCount)
    {
        _random = new Random(seed);
        _startNanos = Otlp.ToUnixNanos(DateTimeOffset.UtcNow.AddMinutes(-5));
        var requests = new ExportTraceServiceRequest[requestCount];
        var bodies = new byte[requestCount][];
        for (var i = 0; i < requestCount; i++)
        {
            requests[i] = BuildRequest();
            bodies[i] = requests[i].ToByteArray();
        }

        Requests = requests;
        Bodies = bodies;
    }

    /// <summary>The requests as messages; callers that mutate them (redaction) must clone first.</summary>
    public IReadOnlyList<ExportTraceServiceRequest> Requests { get; }

    /// <summary>The same requests, encoded as OTLP protobuf bodies.</summary>
    public IReadOnlyList<byte[]> Bodies { get; }

    public static RealisticLoad Build(int seed = 9, int requestCount = 64) => new(seed, requestCount);

    /// <summary>
    /// One request of 100 spans. Whole traces (1–30 spans) fill it; the last is cut to fit, as a batching SDK cuts them.
    /// Spans are grouped by service into one ResourceSpans each, as a per-service exporter would send them.
    /// </summary>
    private ExportTraceServiceRequest BuildRequest()
    {
        var byService = new ResourceSpans?[ServiceCount];
        var request = new ExportTraceServiceRequest();
        var spans = 0;
        while (spans < SpansPerRequest)
        {
            var traceId = RandomId(16);
            var fanOut = Math.Min(1 + _random.Next(30), SpansPerRequest - spans);
            var root = ByteString.Empty;
            var rootService = _random.Next(ServiceCount);
            for (var s = 0; s < fanOut; s++)
            {
                var service = s == 0 ? rootService : _random.Next(ServiceCount);
                var resourceSpans = byService[service];
                if (resourceSpans is null)
                {
                    resourceSpans = NewResourceSpans(Services[service]);
                    byService[service] = resourceSpans;
                    request.ResourceSpans.Add(resourceSpans);
                }

                var span = NewSpan(traceId, root, s);
                if (s == 0)
                {
                    root = span.SpanId;
                }

                resourceSpans.ScopeSpans[0].Spans.Add(span);
                spans++;
            }
        }

        return request;
    }

    private ResourceSpans NewResourceSpans(string service) => new()
    {
        Resource = new Resource
        {
            Attributes =
            {
                Otlp.Attr("service.name", service),
                Otlp.Attr("service.version", "2.7." + _random.Next(10).ToString(CultureInfo.InvariantCulture)),
                Otlp.Attr("host.name", "node-" + _random.Next(40).ToString(CultureInfo.InvariantCulture)),
                Otlp.Attr("telemetry.sdk.language", "dotnet"),
                Otlp.Attr("deployment.environment", "production"),
            },
        },
        ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.9.0" } } },
    };

    private Span NewSpan(ByteString traceId, ByteString parent, int index)
    {
        var start = _startNanos + (ulong)(index * 1_000_000L) + (ulong)_random.NextInt64(1_000_000_000);
        var span = new Span
        {
            TraceId = traceId,
            SpanId = RandomId(8),
            ParentSpanId = parent,
            Name = Operations[_random.Next(OperationCount)],
            Kind = index == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 50_000UL + (ulong)_random.NextInt64(200_000_000),
            Attributes =
            {
                Otlp.Attr("http.request.method", Methods[_random.Next(Methods.Length)]),
                Otlp.Attr("url.full", "https://shop.example.com/api/items/" + _random.Next(50_000).ToString(CultureInfo.InvariantCulture) + "?ref=home&page=2"),
                Otlp.Attr("http.response.status_code", _random.Next(100) == 0 ? 500L : 200L),
                Otlp.Attr("server.address", "shop.example.com"),
                Otlp.Attr("server.port", 443L),
                Otlp.Attr("network.protocol.version", "1.1"),
                Otlp.Attr("user_agent.original", UserAgent),
                Otlp.Attr("client.address", "10.0." + _random.Next(4).ToString(CultureInfo.InvariantCulture) + "." + _random.Next(256).ToString(CultureInfo.InvariantCulture)),
                Otlp.Attr("user.id", "user-" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture)),
                Otlp.Attr("session.id", Convert.ToHexStringLower(RandomId(8).Span)),
                Otlp.Attr("db.system", "postgresql"),
                Otlp.Attr("db.statement", LongStatement),
                Otlp.Attr("thread.id", (long)_random.Next(64)),
                Otlp.Attr("thread.name", ".NET ThreadPool Worker"),
                Otlp.Attr("code.function", "HandleAsync"),
                Otlp.Attr("code.namespace", "Shop.Api.Items"),
                Otlp.Attr("code.lineno", (long)_random.Next(500)),
                Otlp.Attr("retry.count", _random.Next(10) == 0 ? 1L : 0L),
                Otlp.Attr("cache.hit", _random.Next(2) == 0),
                Otlp.Attr("order.amount", Math.Round(_random.NextDouble() * 500, 2)),
            },
        };

        // A server error is an error span too (OpenTelemetry's HTTP conventions), so a search for error=true finds it.
        if (span.Attributes[2].Value.IntValue == 500)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error };
        }

        if (_random.Next(10) == 0)
        {
            span.Events.Add(new Span.Types.Event
            {
                Name = "exception",
                TimeUnixNano = start + 1000,
                Attributes = { Otlp.Attr("exception.type", "System.TimeoutException"), Otlp.Attr("exception.stacktrace", StackTrace) },
            });
        }

        return span;
    }

    private ByteString RandomId(int length) => RandomIds.Next(_random, length);

    private static string[] BuildNames(string prefix, int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = prefix + i.ToString("00", CultureInfo.InvariantCulture);
        }

        return names;
    }

    private static string[] BuildOperations()
    {
        string[] verbs = ["GET", "POST", "PUT", "DELETE", "query"];
        string[] resources = ["/api/items", "/api/cart", "/api/orders", "/api/users", "/api/payments", "/api/shipping", "/api/stock", "/api/search", "/api/reviews", "/api/prices"];
        var operations = new string[OperationCount];
        for (var i = 0; i < OperationCount; i++)
        {
            operations[i] = verbs[i % verbs.Length] + " " + resources[i / verbs.Length];
        }

        return operations;
    }
}
