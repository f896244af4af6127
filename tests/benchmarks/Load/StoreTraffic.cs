using System.Globalization;
using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// Deterministic, production-shaped spans for the <c>store</c> scenario, shaped for searching: 10-span traces over 8
/// services, ~20 attributes a span (a few high-cardinality ones such as user ids), 5 resource attributes, an event on
/// one span in five, 1% answering 500 and 0.1% slow spans. The other scenarios send <see cref="RealisticLoad"/>.
/// </summary>
internal sealed class StoreTraffic(int seed, DateTimeOffset start, TimeSpan spacingPerBatch)
{
    public const int SpansPerTrace = 10;
    public const int Users = 100_000;
    public static readonly string[] Services = ["frontend", "cart", "checkout", "payment", "shipping", "inventory", "email", "recommendation"];
    public static readonly string[] Operations = ["GET /api/items", "POST /api/cart", "GET /api/cart", "PUT /api/order", "charge", "lookup"];

    private static readonly string[] Methods = ["GET", "POST", "PUT"];
    private readonly Random _random = new(seed);
    private int _batch;

    /// <summary>One batch of <paramref name="traces"/> whole traces, grouped by service as an SDK would export them.</summary>
    public List<ResourceSpans> NextBatch(int traces)
    {
        var batchStart = start + (spacingPerBatch * _batch++);
        var byService = new Dictionary<string, ResourceSpans>();
        for (var t = 0; t < traces; t++)
        {
            var traceId = RandomBytes(16);
            ByteString parent = ByteString.Empty;
            var traceStart = batchStart + TimeSpan.FromTicks(_random.NextInt64(spacingPerBatch.Ticks));
            for (var s = 0; s < SpansPerTrace; s++)
            {
                var service = Services[_random.Next(Services.Length)];
                if (!byService.TryGetValue(service, out var resourceSpans))
                {
                    resourceSpans = NewResourceSpans(service);
                    byService.Add(service, resourceSpans);
                }

                var span = NewSpan(traceId, parent, traceStart.AddMilliseconds(s));
                parent = span.SpanId;
                resourceSpans.ScopeSpans[0].Spans.Add(span);
            }
        }

        return [.. byService.Values];
    }

    private ResourceSpans NewResourceSpans(string service) => new()
    {
        Resource = new Resource
        {
            Attributes =
            {
                Otlp.Attr("service.name", service), Otlp.Attr("service.version", "1.4.2"), Otlp.Attr("host.name", $"node-{_random.Next(20)}"),
                Otlp.Attr("telemetry.sdk.language", "dotnet"), Otlp.Attr("deployment.environment", "production"),
            },
        },
        ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.9.0" } } },
    };

    private Span NewSpan(ByteString traceId, ByteString parent, DateTimeOffset start)
    {
        var slow = _random.Next(1000) == 0;
        var durationNanos = slow ? 1_000_000_000L + _random.NextInt64(1_000_000_000) : 100_000L + _random.NextInt64(200_000_000);
        var startNanos = (ulong)((start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
        var user = _random.Next(Users);
        var span = new Span
        {
            TraceId = traceId,
            SpanId = RandomBytes(8),
            ParentSpanId = parent,
            Name = Operations[_random.Next(Operations.Length)],
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = startNanos,
            EndTimeUnixNano = startNanos + (ulong)durationNanos,
            Attributes =
            {
                Otlp.Attr("http.request.method", Methods[_random.Next(Methods.Length)]),
                Otlp.Attr("url.full", $"https://shop.example.com/api/items/{_random.Next(50_000)}?ref=home"),
                Otlp.Attr("http.response.status_code", (long)_random.Next(100) == 0 ? 500 : 200),
                Otlp.Attr("server.address", "shop.example.com"),
                Otlp.Attr("server.port", (long)443),
                Otlp.Attr("network.protocol.version", "1.1"),
                Otlp.Attr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
                Otlp.Attr("client.address", $"10.0.{_random.Next(4)}.{_random.Next(256)}"),
                Otlp.Attr("user.id", $"user-{user}"),
                Otlp.Attr("session.id", Convert.ToHexString(RandomBytes(8).Span)),
                Otlp.Attr("db.system", "postgresql"),
                Otlp.Attr("db.statement", "SELECT id, name, price FROM items WHERE id = $1 AND tenant = $2"),
                Otlp.Attr("thread.id", (long)_random.Next(64)),
                Otlp.Attr("thread.name", ".NET ThreadPool Worker"),
                Otlp.Attr("code.function", "HandleAsync"),
                Otlp.Attr("code.namespace", "Shop.Api.Items"),
                Otlp.Attr("code.lineno", (long)_random.Next(500)),
                Otlp.Attr("retry.count", (long)_random.Next(10) == 0 ? 1 : 0),
                Otlp.Attr("cache.hit", _random.Next(2) == 0),
                Otlp.Attr("order.amount", Math.Round(_random.NextDouble() * 500, 2)),
            },
        };
        if (_random.Next(5) == 0)
        {
            span.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = startNanos + 1000, Attributes = { Otlp.Attr("exception.type", "System.TimeoutException") } });
        }

        return span;
    }

    private ByteString RandomBytes(int length) => RandomIds.Next(_random, length);

    public static string UserId(int user) => "user-" + user.ToString(CultureInfo.InvariantCulture);
}
