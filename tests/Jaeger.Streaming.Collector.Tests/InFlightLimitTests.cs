using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// The limit on request bodies in flight (issue 3 item 4): two bodies of ~480 KB held half-sent fill most of a
/// 1 MiB budget, so a ~100 KB request is refused before it is read, on either transport, and is accepted again once
/// they are answered. The /metrics gauge of reserved bytes tells the test when the held bodies are in.
/// </summary>
public sealed class InFlightLimitTests : IAsyncLifetime
{
    private const int InFlightLimit = 1024 * 1024;

    private readonly SpanTopic _topic = new();
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync() => _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
    {
        ["Collector:MaxRequestBodyBytes"] = "524288",
        ["Collector:MaxRequestBytesInFlight"] = InFlightLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
    }

    [Fact]
    public async Task Http_request_over_the_bytes_in_flight_gets_503_with_Retry_After_until_the_held_bodies_are_answered()
    {
        var (held, reserved) = await HoldTwoBodiesAsync();
        var traceId = Otlp.NewTraceId();
        var late = Padded(traceId, 100_000);

        using var refused = await _collector.PostProtobufAsync(late);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Collector:MaxRequestBytesInFlight", RpcStatusReader.Decode(await refused.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        Assert.Equal(reserved, (await ScrapedMetrics.ReadAsync(_collector)).Value("jaeger_collector_in_flight_request_bytes"));
        Assert.Empty(_topic.ReadTrace(traceId));

        await ReleaseAsync(held);
        using var accepted = await _collector.PostProtobufAsync(late);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(_topic.ReadTrace(traceId));
        var metrics = await ScrapedMetrics.WhenAsync(_collector, m => m.Value("jaeger_collector_in_flight_request_bytes") == 0);
        Assert.Equal(0, metrics.Value("jaeger_collector_in_flight_request_bytes"));
        Assert.Equal(1, metrics.Value("jaeger_collector_in_flight_refused_requests_total", ("transport", "http")));
    }

    [Fact]
    public async Task Grpc_request_over_the_bytes_in_flight_gets_UNAVAILABLE_with_retry_info_before_its_message_is_read()
    {
        var (held, _) = await HoldTwoBodiesAsync();
        var traceId = Otlp.NewTraceId();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(Padded(traceId, 100_000), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), RpcStatusReader.Decode(error.Trailers.GetValueBytes("grpc-status-details-bin")!).RetryDelay);
        Assert.Empty(_topic.ReadTrace(traceId));

        await ReleaseAsync(held);
        await _collector.Grpc.ExportAsync(Padded(traceId, 100_000), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(_topic.ReadTrace(traceId));
        Assert.Equal(1, (await ScrapedMetrics.ReadAsync(_collector)).Value("jaeger_collector_in_flight_refused_requests_total", ("transport", "grpc")));
    }

    /// <summary>A gzip message of a few KiB that inflates to ~100 KB: the reservation grows as it is decompressed.</summary>
    [Fact]
    public async Task Grpc_compressed_message_that_inflates_past_the_bytes_in_flight_gets_UNAVAILABLE_with_retry_info()
    {
        var (held, reserved) = await HoldTwoBodiesAsync();
        var traceId = Otlp.NewTraceId();
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(_collector.GrpcAddress);
        var client = new TraceService.TraceServiceClient(channel);
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ExportAsync(Padded(traceId, 100_000), gzip, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), RpcStatusReader.Decode(error.Trailers.GetValueBytes("grpc-status-details-bin")!).RetryDelay);
        Assert.Empty(_topic.ReadTrace(traceId));
        Assert.Equal(reserved, (await ScrapedMetrics.WhenAsync(_collector, m => m.Value("jaeger_collector_in_flight_request_bytes") == reserved)).Value("jaeger_collector_in_flight_request_bytes"));

        await ReleaseAsync(held);
        await client.ExportAsync(Padded(traceId, 100_000), gzip, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task Chunked_body_is_refused_once_its_growing_buffer_would_not_fit()
    {
        var (held, reserved) = await HoldTwoBodiesAsync();
        var traceId = Otlp.NewTraceId();

        // No declared length: the body is reserved 16 KiB at a time, doubling, so it fits at first and then does not.
        using var content = new ByteArrayContent(Padded(traceId, 100_000).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
        chunked.Headers.TransferEncodingChunked = true;
        using var refused = await _collector.Http.SendAsync(chunked, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(reserved, (await ScrapedMetrics.ReadAsync(_collector)).Value("jaeger_collector_in_flight_request_bytes"));
        Assert.Empty(_topic.ReadTrace(traceId));
        await ReleaseAsync(held);
    }

    [Fact]
    public async Task Small_requests_still_fit_beside_the_held_bodies()
    {
        var (held, _) = await HoldTwoBodiesAsync();

        using var small = await _collector.PostProtobufAsync(ServiceRequests.Of("svc"));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        await ReleaseAsync(held);
    }

    /// <summary>Starts two posts of ~480 KB that send half their body and wait; returns once both reserved their bytes.</summary>
    private async Task<(List<(HeldBody Body, Task<HttpResponseMessage> Response)> Held, double Reserved)> HoldTwoBodiesAsync()
    {
        var held = new List<(HeldBody, Task<HttpResponseMessage>)>();
        var reserved = 0.0;
        for (var i = 0; i < 2; i++)
        {
            var body = new HeldBody(Padded(Otlp.NewTraceId(), 480_000).ToByteArray());
            held.Add((body, _collector.Http.PostAsync("/v1/traces", body, TestContext.Current.CancellationToken)));

            // A declared length sizes the reservation: the body and one byte to tell "at the limit" from "over it".
            reserved += body.Length + 1;
        }

        var metrics = await ScrapedMetrics.WhenAsync(_collector, m => m.Value("jaeger_collector_in_flight_request_bytes") == reserved);
        Assert.Equal(reserved, metrics.Value("jaeger_collector_in_flight_request_bytes"));
        Assert.True(reserved + 100_000 > InFlightLimit && reserved < InFlightLimit);
        return (held, reserved);
    }

    private static async Task ReleaseAsync(List<(HeldBody Body, Task<HttpResponseMessage> Response)> held)
    {
        foreach (var (body, _) in held)
        {
            body.Release();
        }

        foreach (var (_, response) in held)
        {
            using var answer = await response;
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    /// <summary>A valid request of one span, padded with attributes to about <paramref name="bytes"/>.</summary>
    private static ExportTraceServiceRequest Padded(TraceIdBytes traceId, int bytes)
    {
        var span = Otlp.Span(traceId, "padded");
        for (var i = 0; i < bytes / 10_000; i++)
        {
            span.Attributes.Add(Otlp.Attr($"pad{i}", new string('x', 10_000)));
        }

        return Otlp.Request(Otlp.ResourceSpans("svc", span));
    }

    /// <summary>A protobuf body with a declared length that sends its first half, then waits for <see cref="Release"/>.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new("application/x-protobuf");
        }

        public int Length => _bytes.Length;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await _release.Task;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
