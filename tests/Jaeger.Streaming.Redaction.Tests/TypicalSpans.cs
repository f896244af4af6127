using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>A typical instrumented HTTP server span: 20 attributes, nothing sensitive in them.</summary>
internal static class TypicalSpans
{
    public static ExportTraceServiceRequest Request() =>
        Otlp.Request(Otlp.ResourceSpans("checkout", Span(Otlp.NewTraceId())));

    private static Span Span(TraceIdBytes traceId)
    {
        var span = Otlp.Span(traceId, "GET /api/v1/orders/{id}");
        span.Attributes.Add(Attributes());
        return span;
    }

    private static KeyValue[] Attributes() =>
    [
        Otlp.Attr("http.request.method", "GET"),
        Otlp.Attr("url.full", "https://shop.example.com/api/v1/orders/12345?page=2&sort=desc"),
        Otlp.Attr("url.scheme", "https"),
        Otlp.Attr("url.path", "/api/v1/orders/12345"),
        Otlp.Attr("http.route", "/api/v1/orders/{id}"),
        Otlp.Attr("http.response.status_code", 200),
        Otlp.Attr("server.address", "shop.example.com"),
        Otlp.Attr("server.port", 443),
        Otlp.Attr("client.address", "10.1.2.3"),
        Otlp.Attr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
        Otlp.Attr("network.protocol.version", "1.1"),
        Otlp.Attr("http.request.header.content-type", "application/json"),
        Otlp.Attr("http.request.header.x-request-id", "123e4567-e89b-12d3-a456-426614174000"),
        Otlp.Attr("db.system", "postgresql"),
        Otlp.Attr("db.statement", "SELECT id, total FROM orders WHERE id = $1"),
        Otlp.Attr("enduser.id", "u-12345"),
        Otlp.Attr("thread.name", "worker-7"),
        Otlp.Attr("code.function", "OrdersController.Get"),
        Otlp.Attr("order.id", "ORD-2024-000123"),
        Otlp.Attr("http.response.body.size", 1234),
    ];
}
