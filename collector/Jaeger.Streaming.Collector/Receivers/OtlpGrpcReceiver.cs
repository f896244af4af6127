using Google.Protobuf;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>, bound by <see cref="OtlpGrpcExportMethod"/> so the message arrives as bytes.
/// Protocol mapping only; behaviour lives in <see cref="ExportPipeline"/>.
/// </summary>
internal sealed class OtlpGrpcReceiver(ExportPipeline pipeline, CollectorMetrics metrics)
{
    public async Task<ExportTraceServiceResponse> ExportAsync(OtlpGrpcPayload payload, ServerCallContext context)
    {
        Task<ExportOutcome> exported;
        using (payload)
        {
            // Admitted by the gate before the message was read.
            var http = context.GetHttpContext();
            var producer = http.Features.GetRequiredFeature<Producer>();

            // The gate reserved the length on the wire; a compressed message may have inflated beyond it.
            metrics.PayloadReceived(OtlpTransport.Grpc, payload.Length);
            if (!http.Features.GetRequiredFeature<BodyReservation>().TryGrowTo(payload.Length))
            {
                metrics.InFlightRefused(OtlpTransport.Grpc);
                throw RpcStatus.Unavailable(InFlightBodies.RefusalMessage, InFlightBodies.RetryAfter);
            }

            exported = pipeline.TryExportClean(payload.Bytes, producer, OtlpTransport.Grpc, context.CancellationToken)
                ?? pipeline.ExportAsync(Parse(payload), producer, OtlpTransport.Grpc, context.CancellationToken);
        }

        var outcome = await exported.ConfigureAwait(false);
        return outcome.Status switch
        {
            ExportStatus.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, outcome.Message)),
            // Throttling too is UNAVAILABLE with RetryInfo: every OTLP exporter retries it, honouring the delay.
            ExportStatus.Unavailable or ExportStatus.Throttled => throw RpcStatus.Unavailable(outcome.Message, outcome.RetryAfter),
            _ => outcome.ToResponse(),
        };
    }

    /// <summary>A message that is not protobuf is the client's error (OTLP: INVALID_ARGUMENT, not retried), said as OTLP/HTTP says it.</summary>
    private static ExportTraceServiceRequest Parse(OtlpGrpcPayload payload)
    {
        try
        {
            return ExportTraceServiceRequest.Parser.ParseFrom(payload.Bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The message is not a valid OTLP ExportTraceServiceRequest in protobuf: {e.Message}"));
        }
    }
}
