using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>, sending the pre-encoded bodies as they are: a pass-through marshaller
/// spares the client re-encoding every request, so the load costs the machine as little as possible.
/// </summary>
internal sealed class OtlpGrpcClient : IDisposable
{
    private static readonly Marshaller<byte[]> PassThrough = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly Method<byte[], byte[]> Export = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", PassThrough, PassThrough);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public OtlpGrpcClient(Uri address)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // One HTTP/2 connection caps concurrent streams at the server's limit (100 by default); allow more.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false },
            MaxSendMessageSize = null,
        });
        _invoker = _channel.CreateCallInvoker();
    }

    public async Task<int> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var answer = ExportTraceServiceResponse.Parser.ParseFrom(
                await _invoker.AsyncUnaryCall(Export, null, new CallOptions(cancellationToken: cancellationToken), body));
            return RealisticLoad.SpansPerRequest - (int)(answer.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (RpcException)
        {
            return -1;
        }
    }

    public void Dispose() => _channel.Dispose();
}
