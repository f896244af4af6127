using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Pipeline;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>. Protocol mapping only; behaviour lives in <see cref="ExportPipeline"/>.</summary>
internal sealed class OtlpGrpcReceiver(ExportPipeline pipeline, ProducerAuthenticator authenticator) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var producer = await authenticator.AuthenticateAsync(context.GetHttpContext().Request).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, ProducerAuthenticator.UnauthenticatedMessage));
        var outcome = await pipeline.ExportAsync(request, producer, context.CancellationToken).ConfigureAwait(false);
        return outcome.Status switch
        {
            ExportStatus.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, outcome.Message)),
            // Throttling too is UNAVAILABLE with RetryInfo: every OTLP exporter retries it, honouring the delay.
            ExportStatus.Unavailable or ExportStatus.Throttled => throw new RpcException(
                new Status(StatusCode.Unavailable, outcome.Message),
                new Metadata { { RpcStatus.GrpcDetailsTrailer, RpcStatus.Encode(StatusCode.Unavailable, outcome.Message, outcome.RetryAfter) } }),
            _ => outcome.ToResponse(),
        };
    }
}
