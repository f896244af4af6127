using System.Buffers;
using System.Buffers.Binary;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Hosting;
using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// Runs around every OTLP export, on both listeners: counts it, times it to its answer, and gives it a
/// <see cref="BodyReservation"/> of the bytes in flight, released when it is answered. The HTTP receiver admits the
/// producer and grows the reservation as it reads the body. gRPC messages are buffered by the framework before our
/// service sees them, so here a gRPC request is admitted first (authenticated, its tenant settled; the receiver finds
/// the <see cref="Producer"/> among the request's features), then reserves its message's declared length. A refusal
/// of either kind is answered before the message is read: an unauthenticated client does not cost us its upload.
/// </summary>
internal sealed class OtlpRequestGate(RequestDelegate next, ProducerAdmission admissions, InFlightBodies bodies, CollectorMetrics metrics, TimeProvider time)
{
    // A gRPC message starts with a compressed flag byte and a 4-byte big-endian length.
    private const int GrpcMessagePrefix = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        var listener = context.GetEndpoint()?.Metadata.GetMetadata<ListenerMetadata>()?.Listener;
        if (listener is not (CollectorListener.Grpc or CollectorListener.Http) || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var transport = listener == CollectorListener.Grpc ? OtlpTransport.Grpc : OtlpTransport.Http;
        var started = time.GetTimestamp();
        metrics.RequestReceived(transport);
        using var reservation = bodies.Reserve();
        try
        {
            if (transport == OtlpTransport.Grpc)
            {
                var admission = await admissions.AdmitAsync(context.Request, transport).ConfigureAwait(false);
                if (admission.Producer is not { } producer)
                {
                    RefuseGrpc(context.Response, admission);
                    return;
                }

                if (!reservation.TryGrowTo(await DeclaredGrpcMessageLengthAsync(context.Request).ConfigureAwait(false)))
                {
                    metrics.InFlightRefused(transport);
                    RefuseGrpc(context.Response, Admission.Unavailable(InFlightBodies.RefusalMessage, InFlightBodies.RetryAfter));
                    return;
                }

                context.Features.Set(producer);
            }

            context.Features.Set(reservation);
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while we waited for its message; there is no one to answer.
        }
        finally
        {
            metrics.RequestAnswered(transport, time.GetElapsedTime(started));
        }
    }

    /// <summary>The length prefix of the request's first message, read without consuming it; 0 when there is none.</summary>
    private static async Task<long> DeclaredGrpcMessageLengthAsync(HttpRequest request)
    {
        var result = await request.BodyReader.ReadAtLeastAsync(GrpcMessagePrefix, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var length = LengthPrefix(result.Buffer);
        request.BodyReader.AdvanceTo(result.Buffer.Start);
        return length;
    }

    private static long LengthPrefix(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < GrpcMessagePrefix)
        {
            return 0;
        }

        Span<byte> prefix = stackalloc byte[GrpcMessagePrefix];
        buffer.Slice(0, GrpcMessagePrefix).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
    }

    /// <summary>A trailers-only gRPC response: the status travels in the headers, and no message is read or sent.</summary>
    private static void RefuseGrpc(HttpResponse response, Admission refusal)
    {
        var code = refusal.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
            StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
            _ => StatusCode.PermissionDenied,
        };
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(refusal.Message);
        if (refusal.RetryAfter > TimeSpan.Zero)
        {
            response.Headers[RpcStatus.GrpcDetailsTrailer] = Convert.ToBase64String(RpcStatus.Encode(code, refusal.Message, refusal.RetryAfter));
        }
    }
}
