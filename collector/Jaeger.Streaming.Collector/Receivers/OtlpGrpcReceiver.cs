using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>. Protocol mapping only; behaviour lives in <see cref="ExportPipeline"/>.</summary>
internal sealed class OtlpGrpcReceiver(ExportPipeline pipeline, ProducerAdmission admissions, CollectorMetrics metrics) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var admission = await admissions.AdmitAsync(http.Request, OtlpTransport.Grpc).ConfigureAwait(false);
        if (admission.Producer is not { } producer)
        {
            throw new RpcException(new Status(admission.StatusCode == StatusCodes.Status401Unauthorized ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, admission.Message));
        }

        // The gate reserved the length on the wire; a compressed message may have inflated beyond it.
        var size = request.CalculateSize();
        metrics.PayloadReceived(OtlpTransport.Grpc, size);
        if (!http.Features.GetRequiredFeature<BodyReservation>().TryGrowTo(size))
        {
            metrics.InFlightRefused(OtlpTransport.Grpc);
            throw Unavailable(InFlightBodies.RefusalMessage, InFlightBodies.RetryAfter);
        }

        var outcome = await pipeline.ExportAsync(request, producer, OtlpTransport.Grpc, context.CancellationToken).ConfigureAwait(false);
        return outcome.Status switch
        {
            ExportStatus.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, outcome.Message)),
            // Throttling too is UNAVAILABLE with RetryInfo: every OTLP exporter retries it, honouring the delay.
            ExportStatus.Unavailable or ExportStatus.Throttled => throw Unavailable(outcome.Message, outcome.RetryAfter),
            _ => outcome.ToResponse(),
        };
    }

    private static RpcException Unavailable(string message, TimeSpan retryAfter) => new(
        new Status(StatusCode.Unavailable, message),
        new Metadata { { RpcStatus.GrpcDetailsTrailer, RpcStatus.Encode(StatusCode.Unavailable, message, retryAfter) } });
}
