using System.Globalization;
using Google.Protobuf;
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
                Str("service.name", service), Str("service.version", "1.4.2"), Str("host.name", $"node-{_random.Next(20)}"),
                Str("telemetry.sdk.language", "dotnet"), Str("deployment.environment", "production"),
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
                Str("http.request.method", Methods[_random.Next(Methods.Length)]),
                Str("url.full", $"https://shop.example.com/api/items/{_random.Next(50_000)}?ref=home"),
                Int("http.response.status_code", _random.Next(100) == 0 ? 500 : 200),
                Str("server.address", "shop.example.com"),
                Int("server.port", 443),
                Str("network.protocol.version", "1.1"),
                Str("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
                Str("client.address", $"10.0.{_random.Next(4)}.{_random.Next(256)}"),
                Str("user.id", $"user-{user}"),
                Str("session.id", Convert.ToHexString(RandomBytes(8).Span)),
                Str("db.system", "postgresql"),
                Str("db.statement", "SELECT id, name, price FROM items WHERE id = $1 AND tenant = $2"),
                Int("thread.id", _random.Next(64)),
                Str("thread.name", ".NET ThreadPool Worker"),
                Str("code.function", "HandleAsync"),
                Str("code.namespace", "Shop.Api.Items"),
                Int("code.lineno", _random.Next(500)),
                Int("retry.count", _random.Next(10) == 0 ? 1 : 0),
                Bool("cache.hit", _random.Next(2) == 0),
                Dbl("order.amount", Math.Round(_random.NextDouble() * 500, 2)),
            },
        };
        if (_random.Next(5) == 0)
        {
            span.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = startNanos + 1000, Attributes = { Str("exception.type", "System.TimeoutException") } });
        }

        return span;
    }

    private ByteString RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        bytes[0] |= 1;
        return ByteString.CopyFrom(bytes);
    }

    public static string UserId(int user) => "user-" + user.ToString(CultureInfo.InvariantCulture);

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static KeyValue Bool(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    private static KeyValue Dbl(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
}
