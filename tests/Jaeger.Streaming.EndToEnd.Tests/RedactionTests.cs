using System.Net;
using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>The all-in-one on default settings redacts secrets wherever they sit in a span, before storage.</summary>
public sealed class RedactionTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    private const string Email = "alice.smith@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Password = "hunter2-correct-horse";
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string NameEmail = "bob@example.org";

    [Fact]
    public async Task Secrets_in_every_part_of_a_span_never_reach_the_query_apis()
    {
        var traceId = Otlp.NewTraceId();
        var span = Otlp.Span(traceId, $"notify {NameEmail}");
        span.Attributes.Add(Otlp.Attr("user.email", Email));
        span.Attributes.Add(Otlp.Attr("db.password", Password));
        span.Attributes.Add(Otlp.Attr("order.id", "ORD-2024-000123"));
        span.Attributes.Add(Otlp.Attr("http.route", "/cart/{id}"));
        span.Events.Add(new Span.Types.Event { Name = "charge", TimeUnixNano = span.StartTimeUnixNano, Attributes = { Otlp.Attr("payment.card", Card) } });
        span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { Otlp.Attr("upstream.auth", $"Bearer {Jwt}") } });
        var resourceSpans = Otlp.ResourceSpans("redaction-shop", span);
        resourceSpans.Resource.Attributes.Add(Otlp.Attr("deploy.note", $"key {AccessKey}"));
        var ct = TestContext.Current.CancellationToken;

        var content = new ByteArrayContent(Otlp.Request(resourceSpans).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await pipeline.Otlp.PostAsync(pipeline.OtlpHttpTraces, content, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await pipeline.WaitForTraceAsync(traceId.ToString(), 1);

        var v3 = await pipeline.Query.GetStringAsync($"/api/v3/traces/{traceId}", ct);
        var legacy = await pipeline.Query.GetStringAsync($"/api/traces/{traceId}", ct);
        foreach (var body in new[] { v3, legacy })
        {
            foreach (var secret in new[] { Email, "alice.smith", Card, "4111111111111111", Password, Jwt, AccessKey, NameEmail })
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("ORD-2024-000123", body, StringComparison.Ordinal);
            Assert.Contains("/cart/{id}", body, StringComparison.Ordinal);
            Assert.Contains("redaction-shop", body, StringComparison.Ordinal);
            Assert.Contains("[REDACTED:email]", body, StringComparison.Ordinal);
        }
    }
}
