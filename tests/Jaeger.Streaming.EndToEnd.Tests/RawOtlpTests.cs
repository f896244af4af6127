using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>OTLP sent without an SDK: hand-written OTLP/JSON, and protobuf during a Kafka outage.</summary>
public sealed class RawOtlpTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task Otlp_json_request_is_stored_and_readable_through_every_trace_api()
    {
        var traceId = Otlp.NewTraceId().ToString();
        const string spanId = "00f067aa0ba902b7";
        var start = DateTimeOffset.UtcNow.AddSeconds(-10);
        var startNanos = Otlp.ToUnixNanos(start);
        var json = $$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-shop"}}]},
          "scopeSpans":[{"scope":{"name":"manual","version":"0.1"},
            "spans":[{"traceId":"{{{traceId}}}","spanId":"{{{spanId}}}","name":"POST /pay","kind":2,
              "startTimeUnixNano":"{{{startNanos}}}","endTimeUnixNano":{{{startNanos + 1_500_000}}},
              "attributes":[{"key":"retries","value":{"intValue":"3"}},{"key":"ok","value":{"boolValue":true}}],
              "status":{"code":1}}]}]}]}
        """;
        var ct = TestContext.Current.CancellationToken;

        using var response = await pipeline.Otlp.PostAsync(pipeline.OtlpHttpTraces, new StringContent(json, Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var byId = await pipeline.WaitForTraceAsync(traceId, 1);
        var span = Assert.Single(OtlpSpans.All(byId["result"]!));
        Assert.Equal(spanId, span.SpanId);
        Assert.Equal("3", span.Attribute("retries"));
        Assert.Equal(startNanos.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)span.Span["startTimeUnixNano"]);

        var from = Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"));
        var to = Uri.EscapeDataString(start.AddMinutes(1).ToString("O"));
        var search = JsonNode.Parse(await pipeline.Query.GetStringAsync(
            $"/api/v3/traces?query.service_name=json-shop&query.operation_name=POST%20%2Fpay&query.start_time_min={from}&query.start_time_max={to}&query.duration_min=1.5ms&query.duration_max=1500us", ct))!;
        Assert.Contains(OtlpSpans.All(search["result"]!), s => s.SpanId == spanId);

        var legacy = JsonNode.Parse(await pipeline.Query.GetStringAsync($"/api/traces/{traceId}", ct))!;
        var legacySpan = Assert.Single(legacy["data"]![0]!["spans"]!.AsArray())!;
        Assert.Equal(1500L, (long?)legacySpan["duration"]);
        Assert.Equal("POST /pay", (string?)legacySpan["operationName"]);
    }

    [Fact]
    public async Task Request_is_not_answered_while_all_brokers_are_down_and_is_stored_once_they_return()
    {
        var traceId = Otlp.NewTraceId();
        var request = Otlp.Request(Otlp.ResourceSpans("outage-shop", Otlp.Span(traceId, "during-outage"), Otlp.Span(traceId, "during-outage-2")));
        var ct = TestContext.Current.CancellationToken;

        pipeline.Host.Kafka.SetAllBrokersDown();
        Task<HttpResponseMessage> pending;
        try
        {
            var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            pending = pipeline.Otlp.PostAsync(pipeline.OtlpHttpTraces, content, ct);
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
            Assert.False(pending.IsCompleted, "the collector answered while no broker could acknowledge the records");
        }
        finally
        {
            pipeline.Host.Kafka.SetAllBrokersUp();
        }

        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await pipeline.WaitForTraceAsync(traceId.ToString(), 2);
        Assert.Equal(2, OtlpSpans.All(stored["result"]!).Count);
    }
}
