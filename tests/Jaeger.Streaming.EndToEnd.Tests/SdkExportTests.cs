using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>Spans from the real OpenTelemetry .NET SDK exporter come back from the query APIs with every field intact.</summary>
public sealed class SdkExportTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Sdk_spans_round_trip_through_api_v3_with_every_field(OtlpExportProtocol protocol)
    {
        var exported = ExportCheckoutTrace(protocol, out var service, out var scope);

        var body = await pipeline.WaitForTraceAsync(exported.Root.TraceId.ToHexString(), 2);
        var spans = OtlpSpans.All(body["result"]!).ToDictionary(s => s.SpanId);

        Assert.Equal(2, spans.Count);
        foreach (var activity in new[] { exported.Root, exported.Child })
        {
            var stored = spans[activity.SpanId.ToHexString()];
            AssertSameSpan(activity, stored.Span);
            Assert.Equal(service, OtlpSpans.Attribute(stored.Resource!["attributes"], "service.name"));
            Assert.Equal(scope, (string?)stored.Scope!["name"]);
            Assert.Equal("2.1.0", (string?)stored.Scope!["version"]);
        }

        var root = spans[exported.Root.SpanId.ToHexString()];
        Assert.Equal("GET", root.Attribute("http.request.method"));
        Assert.Equal("500", root.Attribute("http.response.status_code"));
        Assert.Equal("intValue", OtlpSpans.AttributeKind(root.Span["attributes"], "http.response.status_code"));
        Assert.Equal("72.5", root.Attribute("cart.total"));
        Assert.Equal("false", root.Attribute("cart.empty"));
        Assert.Equal("arrayValue", OtlpSpans.AttributeKind(root.Span["attributes"], "cart.items"));

        var evt = Assert.Single(root.Span["events"]!.AsArray())!;
        Assert.Equal("cache.miss", (string?)evt["name"]);
        Assert.Equal(UnixNanos(exported.EventTime.UtcDateTime), (string?)evt["timeUnixNano"]);
        Assert.Equal("cart:42", OtlpSpans.Attribute(evt["attributes"], "cache.key"));

        var link = Assert.Single(root.Span["links"]!.AsArray())!;
        Assert.Equal(exported.Linked.TraceId.ToHexString(), (string?)link["traceId"]);
        Assert.Equal(exported.Linked.SpanId.ToHexString(), (string?)link["spanId"]);
        Assert.Equal("retry", OtlpSpans.Attribute(link["attributes"], "link.reason"));

        Assert.Equal(2, (int?)root.Span["status"]!["code"]);
        Assert.Equal("payment failed", (string?)root.Span["status"]!["message"]);
    }

    [Fact]
    public async Task Sdk_trace_is_found_by_api_v3_search_and_legacy_trace_api()
    {
        var exported = ExportCheckoutTrace(OtlpExportProtocol.HttpProtobuf, out var service, out _);
        var traceId = exported.Root.TraceId.ToHexString();
        await pipeline.WaitForTraceAsync(traceId, 2);
        var ct = TestContext.Current.CancellationToken;

        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var attributes = Uri.EscapeDataString("""{"http.response.status_code":"500","cache.key":"cart:42"}""");
        var search = JsonNode.Parse(await pipeline.Query.GetStringAsync(
            $"/api/v3/traces?query.serviceName={service}&query.startTimeMin={from}&query.startTimeMax={to}&query.attributes={attributes}", ct))!;
        var found = OtlpSpans.All(search["result"]!);
        Assert.Equal(2, found.Count);
        Assert.All(found, s => Assert.Equal(traceId, (string?)s.Span["traceId"]));

        var legacy = JsonNode.Parse(await pipeline.Query.GetStringAsync($"/api/traces/{traceId}", ct))!;
        var trace = Assert.Single(legacy["data"]!.AsArray())!;
        Assert.Equal(traceId, (string?)trace["traceID"]);
        var legacySpans = trace["spans"]!.AsArray();
        Assert.Equal(2, legacySpans.Count);
        var child = legacySpans.Single(s => (string?)s!["spanID"] == exported.Child.SpanId.ToHexString())!;
        var reference = Assert.Single(child["references"]!.AsArray())!;
        Assert.Equal("CHILD_OF", (string?)reference["refType"]);
        Assert.Equal(exported.Root.SpanId.ToHexString(), (string?)reference["spanID"]);
        var process = trace["processes"]![(string)child["processID"]!]!;
        Assert.Equal(service, (string?)process["serviceName"]);
    }

    private static void AssertSameSpan(Activity activity, JsonNode stored)
    {
        Assert.Equal(activity.TraceId.ToHexString(), (string?)stored["traceId"]);
        Assert.Equal(activity.SpanId.ToHexString(), (string?)stored["spanId"]);
        Assert.Equal(activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(), (string?)stored["parentSpanId"] is { Length: > 0 } p ? p : null);
        Assert.Equal(activity.DisplayName, (string?)stored["name"]);
        Assert.Equal(activity.Kind == ActivityKind.Server ? 2 : 3, (int?)stored["kind"]);
        Assert.Equal(UnixNanos(activity.StartTimeUtc), (string?)stored["startTimeUnixNano"]);
        Assert.Equal(UnixNanos(activity.StartTimeUtc + activity.Duration), (string?)stored["endTimeUnixNano"]);
    }

    private static string UnixNanos(DateTime utc) => ((utc - DateTime.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ExportedTrace ExportCheckoutTrace(OtlpExportProtocol protocol, out string service, out string scope)
    {
        service = $"checkout-{protocol}-{Guid.NewGuid():N}"[..30];
        scope = $"e2e.{Guid.NewGuid():N}";
        using var source = new ActivitySource(scope, "2.1.0");
        var endpoint = protocol == OtlpExportProtocol.Grpc ? pipeline.OtlpGrpc : pipeline.OtlpHttpTraces;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(scope)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = endpoint;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var eventTime = DateTimeOffset.UtcNow;
        var root = source.StartActivity(
            "GET /cart",
            ActivityKind.Server,
            parentContext: default,
            links: [new ActivityLink(linked, new ActivityTagsCollection { ["link.reason"] = "retry" })])!;
        root.SetTag("http.request.method", "GET");
        root.SetTag("http.response.status_code", 500);
        root.SetTag("cart.total", 72.5);
        root.SetTag("cart.empty", false);
        root.SetTag("cart.items", new[] { "apple", "pear" });
        root.AddEvent(new ActivityEvent("cache.miss", eventTime, new ActivityTagsCollection { ["cache.key"] = "cart:42" }));
        var child = source.StartActivity("SELECT carts", ActivityKind.Client)!;
        child.Stop();
        root.SetStatus(ActivityStatusCode.Error, "payment failed");
        root.Stop();
        Assert.True(provider.ForceFlush(30_000), "the SDK exporter did not flush");
        return new ExportedTrace(root, child, linked, eventTime);
    }

    private sealed record ExportedTrace(Activity Root, Activity Child, ActivityContext Linked, DateTimeOffset EventTime);
}
