using System.Diagnostics.CodeAnalysis;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Kafka;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Ingester.Decoding;

/// <summary>
/// Turns a span record (DESIGN §3) back into its OTLP request, or says why it cannot: an unsupported schema version
/// or content type, bytes that are not an <c>ExportTraceServiceRequest</c>, or spans that are not of exactly one trace
/// with valid ids (a parent span id, when present, is 8 bytes). Unknown headers are ignored, so records of an OTel kafkaexporter decode too.
/// </summary>
internal sealed class SpanRecordDecoder
{
    private const int SpanIdLength = 8;

    private readonly WireTraceDecoder _wire = new();

    public bool TryDecode(
        Headers? headers,
        byte[]? value,
        [NotNullWhen(true)] out ExportTraceServiceRequest? request,
        [NotNullWhen(false)] out RecordRejection? rejection)
    {
        request = null;
        rejection = CheckHeaders(headers);
        if (rejection is not null)
        {
            return false;
        }

        if (value is null || value.Length == 0)
        {
            rejection = new(RecordRejection.EmptyValue, "the record has no value; expected an OTLP ExportTraceServiceRequest in protobuf");
            return false;
        }

        var decoded = _wire.TryDecode(value);
        if (decoded is null)
        {
            try
            {
                decoded = ExportTraceServiceRequest.Parser.ParseFrom(value);
            }
            catch (InvalidProtocolBufferException e)
            {
                rejection = new(RecordRejection.NotOtlpProtobuf, $"the value is not an OTLP ExportTraceServiceRequest in protobuf: {e.Message}");
                return false;
            }
        }

        rejection = CheckOneTrace(decoded);
        if (rejection is not null)
        {
            return false;
        }

        request = decoded;
        return true;
    }

    private static RecordRejection? CheckHeaders(Headers? headers)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetLastBytes(SpanRecordContract.SchemaVersionHeader, out var version)
            && Text(version) != SpanRecordContract.SchemaVersion)
        {
            return new(
                RecordRejection.UnsupportedSchemaVersion,
                $"{SpanRecordContract.SchemaVersionHeader} '{Text(version)}' is not supported; this ingester reads {SpanRecordContract.SchemaVersion}");
        }

        if (headers.TryGetLastBytes(SpanRecordContract.ContentTypeHeader, out var contentType)
            && !Text(contentType).StartsWith(SpanRecordContract.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return new(
                RecordRejection.UnsupportedContentType,
                $"{SpanRecordContract.ContentTypeHeader} '{Text(contentType)}' is not supported; this ingester reads {SpanRecordContract.ContentType}");
        }

        if (RecordTenant.Problem(headers) is { } tenantProblem)
        {
            return new(RecordRejection.InvalidTenant, tenantProblem);
        }

        return null;
    }

    private static RecordRejection? CheckOneTrace(ExportTraceServiceRequest request)
    {
        var spans = 0;
        ByteString? traceId = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    if (!IsValidId(span.TraceId, TraceId.Length))
                    {
                        return new(RecordRejection.InvalidTraceId, $"span '{span.Name}' has an invalid trace id ({span.TraceId.Length} bytes{ZeroNote(span.TraceId)}); trace ids are 16 bytes, not all zero");
                    }

                    if (!IsValidId(span.SpanId, SpanIdLength))
                    {
                        return new(RecordRejection.InvalidSpanId, $"span '{span.Name}' has an invalid span id ({span.SpanId.Length} bytes{ZeroNote(span.SpanId)}); span ids are 8 bytes, not all zero");
                    }

                    if (!span.ParentSpanId.IsEmpty && span.ParentSpanId.Length != SpanIdLength)
                    {
                        return new(RecordRejection.InvalidSpanId, $"span '{span.Name}' has an invalid parent span id ({span.ParentSpanId.Length} bytes); a parent span id is 8 bytes, or empty for a root span");
                    }

                    if (traceId is null)
                    {
                        traceId = span.TraceId;
                    }
                    else if (!traceId.Span.SequenceEqual(span.TraceId.Span))
                    {
                        return new(RecordRejection.MultipleTraces, $"the record holds spans of more than one trace ({TraceId.FromBytes(traceId)}, {TraceId.FromBytes(span.TraceId)}); a record holds exactly one trace");
                    }

                    spans++;
                }
            }
        }

        return spans == 0 ? new(RecordRejection.NoSpans, "the record holds no spans; a record holds the spans of exactly one trace") : null;
    }

    private static bool IsValidId(ByteString id, int length) => id.Length == length && id.Span.ContainsAnyExcept((byte)0);

    private static string ZeroNote(ByteString id) => id.Length > 0 && !id.Span.ContainsAnyExcept((byte)0) ? ", all zero" : "";

    private static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);
}
