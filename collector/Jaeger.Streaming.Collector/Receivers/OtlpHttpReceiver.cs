using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Telemetry;
using Jaeger.Streaming.Schemas.Otlp;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Trace.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// OTLP/HTTP <c>POST /v1/traces</c>: protobuf or JSON, optionally gzip, answered in the request's content type.
/// Protocol mapping only; behaviour lives in <see cref="ExportPipeline"/>. Bad input always gets a 4xx.
/// </summary>
internal sealed class OtlpHttpReceiver(
    ExportPipeline pipeline,
    ProducerAdmission admissions,
    CollectorMetrics metrics,
    IOptions<CollectorOptions> options)
{
    private const string ProtobufContentType = "application/x-protobuf";
    private const string JsonContentType = "application/json";

    private readonly long _maxRequestBodyBytes = options.Value.MaxRequestBodyBytes;

    public async Task HandleAsync(HttpContext context)
    {
        if (!TryGetFormat(context.Request.ContentType, out var json))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsync(
                $"Content-Type '{context.Request.ContentType}' is not supported; send {ProtobufContentType} or {JsonContentType}.",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // Before the body is read: an unauthenticated client must not cost us its upload.
        var admission = await admissions.AdmitAsync(context.Request, OtlpTransport.Http).ConfigureAwait(false);
        if (admission.Producer is not { } producer)
        {
            if (admission.StatusCode == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await WriteStatusAsync(context, json, admission.StatusCode, admission.Message, admission.RetryAfter).ConfigureAwait(false);
            return;
        }

        Task<ExportOutcome> exported;
        using (var body = await RequestBody.ReadAsync(context, _maxRequestBodyBytes, context.Features.GetRequiredFeature<BodyReservation>()).ConfigureAwait(false))
        {
            if (body.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                metrics.InFlightRefused(OtlpTransport.Http);
                await WriteStatusAsync(context, json, body.StatusCode, body.Error, InFlightBodies.RetryAfter).ConfigureAwait(false);
                return;
            }

            if (body.StatusCode != StatusCodes.Status200OK)
            {
                await WriteStatusAsync(context, json, body.StatusCode, body.Error, TimeSpan.Zero).ConfigureAwait(false);
                return;
            }

            metrics.PayloadReceived(OtlpTransport.Http, body.Bytes.Length);

            // Protobuf takes the wire path when it is clean; everything else is parsed and decided as before.
            var clean = json ? null : pipeline.TryExportClean(body.Bytes, producer, OtlpTransport.Http, context.RequestAborted);
            if (clean is not null)
            {
                exported = clean;
            }
            else if (Parse(body.Bytes, json, out var error) is { } request)
            {
                exported = pipeline.ExportAsync(request, producer, OtlpTransport.Http, context.RequestAborted);
            }
            else
            {
                await WriteStatusAsync(context, json, StatusCodes.Status400BadRequest, error, TimeSpan.Zero).ConfigureAwait(false);
                return;
            }
        }

        var outcome = await exported.ConfigureAwait(false);
        switch (outcome.Status)
        {
            case ExportStatus.Invalid:
                await WriteStatusAsync(context, json, StatusCodes.Status400BadRequest, outcome.Message, TimeSpan.Zero).ConfigureAwait(false);
                break;
            case ExportStatus.Throttled:
                await WriteStatusAsync(context, json, StatusCodes.Status429TooManyRequests, outcome.Message, outcome.RetryAfter).ConfigureAwait(false);
                break;
            case ExportStatus.Unavailable:
                await WriteStatusAsync(context, json, StatusCodes.Status503ServiceUnavailable, outcome.Message, outcome.RetryAfter).ConfigureAwait(false);
                break;
            default:
                await WriteAsync(context, json, StatusCodes.Status200OK, outcome.ToResponse()).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Any method but POST on the OTLP path, answered before the producer is admitted: there is no body to read.</summary>
    public static Task AnswerMethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = HttpMethods.Post;
        return context.Response.WriteAsync(
            $"{context.Request.Method} is not supported; OTLP/HTTP exports spans with POST /v1/traces.",
            context.RequestAborted);
    }

    /// <summary>
    /// A path nothing else serves: on the OTLP/HTTP port (an SDK's <c>/v1/logs</c> or <c>/v1/metrics</c>) the 404 says
    /// what is received there; on the other ports it is a bare 404, as before.
    /// </summary>
    public static Task AnswerNotFound(HttpContext context, IOptions<CollectorOptions> options)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Connection.LocalPort != options.Value.HttpPort
            ? Task.CompletedTask
            : context.Response.WriteAsync(
                $"{context.Request.Path} is not served: this collector receives traces only, with POST /v1/traces.",
                context.RequestAborted);
    }

    private static bool TryGetFormat(string? contentType, out bool json)
    {
        json = false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        if (mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        json = mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase);
        return json;
    }

    private static ExportTraceServiceRequest? Parse(ReadOnlySpan<byte> body, bool json, out string error)
    {
        error = "";
        try
        {
            return json ? OtlpJson.Parse<ExportTraceServiceRequest>(body) : ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (FormatException e)
        {
            error = e.Message;
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"The body is not a valid OTLP ExportTraceServiceRequest in protobuf: {e.Message}";
        }

        return null;
    }

    /// <summary>Errors are a <c>google.rpc.Status</c> in the request's content type, as OTLP/HTTP specifies.</summary>
    private static Task WriteStatusAsync(HttpContext context, bool json, int httpStatus, string message, TimeSpan retryAfter)
    {
        var code = httpStatus switch
        {
            StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests => GrpcStatusCode.Unavailable,
            StatusCodes.Status413PayloadTooLarge => GrpcStatusCode.ResourceExhausted,
            StatusCodes.Status401Unauthorized => GrpcStatusCode.Unauthenticated,
            StatusCodes.Status403Forbidden => GrpcStatusCode.PermissionDenied,
            _ => GrpcStatusCode.InvalidArgument,
        };
        if (retryAfter > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = httpStatus;
        if (json)
        {
            context.Response.ContentType = JsonContentType;
            var status = new JsonObject { ["code"] = (int)code, ["message"] = message };
            return context.Response.WriteAsync(status.ToJsonString(), context.RequestAborted);
        }

        context.Response.ContentType = ProtobufContentType;
        return context.Response.Body.WriteAsync(RpcStatus.Encode(code, message, retryAfter), context.RequestAborted).AsTask();
    }

    private static Task WriteAsync(HttpContext context, bool json, int httpStatus, ExportTraceServiceResponse response)
    {
        context.Response.StatusCode = httpStatus;
        if (json)
        {
            context.Response.ContentType = JsonContentType;
            return context.Response.WriteAsync(OtlpJson.ToJsonNode(response).ToJsonString(), context.RequestAborted);
        }

        context.Response.ContentType = ProtobufContentType;
        return context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted).AsTask();
    }
}
