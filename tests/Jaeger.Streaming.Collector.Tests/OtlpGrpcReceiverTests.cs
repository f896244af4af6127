using Google.Protobuf;
using Grpc.Core;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

public sealed class OtlpGrpcReceiverTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    private TraceService.TraceServiceClient Client => fixture.Collector.Grpc;

    [Fact]
    public async Task Export_publishes_the_spans_and_answers_without_partial_success()
    {
        var traceId = Otlp.NewTraceId();

        var response = await Client.ExportAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId, "grpc-op"))), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
        Assert.Equal("grpc-op", Assert.Single(fixture.Topic.ReadTraceRequests(traceId).AllSpans()).Name);
    }

    /// <summary>
    /// The OpenTelemetry Collector's OTLP exporter compresses with gzip by default, and with zstd or snappy when
    /// configured to. gRPC snappy compressors write snappy's framing format; one writing the block format is accepted too.
    /// </summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("snappy")]
    [InlineData("snappy block")]
    public async Task Compressed_export_publishes_the_spans(string encoding)
    {
        var traceId = Otlp.NewTraceId();
        var request = Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId, "op"), Otlp.Span(traceId, "op-2")));
        using var channel = encoding == "snappy block" ? CompressingChannel(new BlockSnappyProvider()) : CompressingChannel();
        encoding = encoding.Split(' ')[0];

        var response = await new TraceService.TraceServiceClient(channel).ExportAsync(request, Encoding(encoding), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
        Assert.Equal(["op", "op-2"], fixture.Topic.ReadTraceRequests(traceId).AllSpans().Select(span => span.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>A few KiB that would decompress past the body limit: refused by the decompressed size, and nothing published.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task Compressed_export_that_inflates_past_the_body_limit_is_refused_and_publishes_nothing(string encoding)
    {
        var traceId = Otlp.NewTraceId();
        var span = Otlp.Span(traceId, "bomb");
        span.Attributes.Add(Otlp.Attr("payload", new string('a', 64 << 20)));
        using var channel = CompressingChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(channel).ExportAsync(
            Otlp.Request(Otlp.ResourceSpans("svc", span)), Encoding(encoding), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty(fixture.Topic.ReadTrace(traceId));
    }

    /// <summary>snappy states the decompressed size up front: a message stating more than the limit is refused before any of it is decompressed.</summary>
    [Fact]
    public async Task Snappy_export_that_would_inflate_past_the_body_limit_is_refused_before_decompressing_and_publishes_nothing()
    {
        var traceId = Otlp.NewTraceId();
        var span = Otlp.Span(traceId, "bomb");
        span.Attributes.Add(Otlp.Attr("payload", new string('a', 64 << 20)));
        using var channel = CompressingChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(channel).ExportAsync(
            Otlp.Request(Otlp.ResourceSpans("svc", span)), Encoding("snappy"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.StartsWith("The message decompresses to 67", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(fixture.Topic.ReadTrace(traceId));
    }

    /// <summary>A message marked compressed that is not: refused as the client's error, saying why, and nothing published.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("snappy")]
    public async Task Export_marked_compressed_that_is_not_is_refused_as_invalid(string encoding)
    {
        var traceId = Otlp.NewTraceId();
        using var channel = CompressingChannel(new UncompressedProvider(encoding));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new TraceService.TraceServiceClient(channel).ExportAsync(
            Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId))), Encoding(encoding), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"not valid {encoding}", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(fixture.Topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task Export_reports_partial_success_for_invalid_spans()
    {
        var traceId = Otlp.NewTraceId();
        var invalid = Otlp.Span(traceId, "no-span-id");
        invalid.SpanId = ByteString.Empty;

        var response = await Client.ExportAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId), invalid)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Contains("'no-span-id'", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_fails_with_INVALID_ARGUMENT_when_every_span_is_invalid()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "zero-trace");
        span.TraceId = ByteString.CopyFrom(new byte[16]);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.ExportAsync(Otlp.Request(Otlp.ResourceSpans("svc", span)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("'zero-trace'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_answers_invalid_argument_with_the_parse_error_for_a_message_that_is_not_protobuf()
    {
        var raw = Marshallers.Create<byte[]>(b => b, b => b);
        var export = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", raw, raw);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Collector.GrpcInvoker.AsyncUnaryCall(export, null, new CallOptions(cancellationToken: TestContext.Current.CancellationToken), [0x0A, 0xFF, 0xFF, 0x01]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("The message is not a valid OTLP ExportTraceServiceRequest in protobuf: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_accepts_a_request_without_spans()
    {
        var response = await Client.ExportAsync(new ExportTraceServiceRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
    }

    [Fact]
    public async Task Export_accepts_messages_above_grpcs_default_4_MiB_limit()
    {
        var spans = new OpenTelemetry.Proto.Trace.V1.Span[600];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = Otlp.Span(Otlp.NewTraceId());
            spans[i].Attributes.Add(Otlp.Attr("payload", new string('x', 8 * 1024)));
        }

        var request = Otlp.Request(Otlp.ResourceSpans("svc", spans));
        Assert.True(request.CalculateSize() > 4 * 1024 * 1024);

        var response = await Client.ExportAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
    }

    private static Metadata Encoding(string encoding) => new() { { "grpc-internal-encoding-request", encoding } };

    /// <summary>
    /// A client able to send gzip (grpc-dotnet's own), zstd and snappy (the collector's providers); <paramref name="instead"/>
    /// takes the place of the provider of its name.
    /// </summary>
    private Grpc.Net.Client.GrpcChannel CompressingChannel(Grpc.Net.Compression.ICompressionProvider? instead = null)
    {
        List<Grpc.Net.Compression.ICompressionProvider> providers =
        [
            new Grpc.Net.Compression.GzipCompressionProvider(System.IO.Compression.CompressionLevel.Fastest),
            new Receivers.ZstdDecompression.GrpcProvider(),
            new Receivers.SnappyDecompression.GrpcProvider(long.MaxValue),
        ];
        if (instead is not null)
        {
            providers.RemoveAll(provider => provider.EncodingName == instead.EncodingName);
            providers.Add(instead);
        }

        return Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Collector.GrpcAddress, new Grpc.Net.Client.GrpcChannelOptions { CompressionProviders = providers });
    }

    /// <summary>Claims an encoding and sends the message as it is.</summary>
    private sealed class UncompressedProvider(string encoding) : Grpc.Net.Compression.ICompressionProvider
    {
        public string EncodingName => encoding;

        public Stream CreateCompressionStream(Stream stream, System.IO.Compression.CompressionLevel? compressionLevel) => new BufferedStream(stream);

        public Stream CreateDecompressionStream(Stream stream) => throw new NotSupportedException("The collector answers uncompressed.");
    }

    /// <summary>snappy's block format under the name "snappy", as some senders write it.</summary>
    private sealed class BlockSnappyProvider : Grpc.Net.Compression.ICompressionProvider
    {
        public string EncodingName => "snappy";

        public Stream CreateCompressionStream(Stream stream, System.IO.Compression.CompressionLevel? compressionLevel) => new BlockSnappyStream(stream);

        public Stream CreateDecompressionStream(Stream stream) => throw new NotSupportedException("The collector answers uncompressed.");
    }
}
