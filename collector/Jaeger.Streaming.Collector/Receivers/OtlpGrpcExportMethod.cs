using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// Binds OTLP/gRPC <c>TraceService/Export</c> to <see cref="OtlpGrpcReceiver"/> with the request as raw bytes
/// (<see cref="OtlpGrpcPayload"/>) instead of a parsed message, so gRPC takes the wire path as OTLP/HTTP does. The
/// method's name and the response's encoding are those of the generated service, so clients see no difference.
/// </summary>
internal sealed class OtlpGrpcExportMethod : IServiceMethodProvider<OtlpGrpcReceiver>
{
    private static readonly Method<OtlpGrpcPayload, ExportTraceServiceResponse> Export = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        OtlpGrpcPayload.Marshaller,
        Marshallers.Create(response => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcReceiver> context) =>
        context.AddUnaryMethod(Export, [], static (receiver, payload, call) => receiver.ExportAsync(payload, call));
}
