using System.Text;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Validation;

/// <summary>
/// Drops spans that cannot be stored or queried: a trace id that is not 16 non-zero bytes, a span id that is not
/// 8 non-zero bytes, or an end before the start. The rest of the request is kept as it is.
/// </summary>
internal sealed class SpanValidator
{
    private const int TraceIdLength = 16;
    private const int SpanIdLength = 8;

    private enum Defect
    {
        None,
        TraceId,
        SpanId,
        EndBeforeStart,
    }

    /// <summary>Removes invalid spans from <paramref name="request"/> in place and says what it removed.</summary>
    public SpanValidation Validate(ExportTraceServiceRequest request)
    {
        var accepted = 0;
        var rejections = default(Rejections);
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var spans = scopeSpans.Spans;
                List<Span>? kept = null;
                for (var i = 0; i < spans.Count; i++)
                {
                    var span = spans[i];
                    var defect = Inspect(span);
                    if (defect == Defect.None)
                    {
                        kept?.Add(span);
                        continue;
                    }

                    rejections.Add(defect, span);
                    if (kept is null)
                    {
                        // Copy only once a scope turns out to hold an invalid span; valid scopes stay untouched.
                        kept = new List<Span>(spans.Count);
                        for (var j = 0; j < i; j++)
                        {
                            kept.Add(spans[j]);
                        }
                    }
                }

                if (kept is not null)
                {
                    spans.Clear();
                    spans.AddRange(kept);
                }

                accepted += spans.Count;
            }
        }

        return new SpanValidation(accepted, rejections.Total, rejections.Describe(accepted + rejections.Total));
    }

    private static Defect Inspect(Span span)
    {
        if (!IsValidId(span.TraceId.Span, TraceIdLength))
        {
            return Defect.TraceId;
        }

        if (!IsValidId(span.SpanId.Span, SpanIdLength))
        {
            return Defect.SpanId;
        }

        return span.EndTimeUnixNano < span.StartTimeUnixNano ? Defect.EndBeforeStart : Defect.None;
    }

    private static bool IsValidId(ReadOnlySpan<byte> id, int length) => id.Length == length && id.IndexOfAnyExcept((byte)0) >= 0;

    /// <summary>Counts per defect with the first offending span of each, so the message can show an example.</summary>
    private struct Rejections
    {
        private int _traceIds;
        private int _spanIds;
        private int _endBeforeStart;
        private Span? _traceIdExample;
        private Span? _spanIdExample;
        private Span? _endBeforeStartExample;

        public readonly int Total => _traceIds + _spanIds + _endBeforeStart;

        public void Add(Defect defect, Span span)
        {
            switch (defect)
            {
                case Defect.TraceId:
                    _traceIds++;
                    _traceIdExample ??= span;
                    break;
                case Defect.SpanId:
                    _spanIds++;
                    _spanIdExample ??= span;
                    break;
                default:
                    _endBeforeStart++;
                    _endBeforeStartExample ??= span;
                    break;
            }
        }

        public readonly string Describe(int allSpans)
        {
            if (Total == 0)
            {
                return "";
            }

            var text = new StringBuilder().Append(Total).Append(" of ").Append(allSpans).Append(" spans rejected: ");
            var separator = "";
            if (_traceIdExample is { } badTrace)
            {
                text.Append(_traceIds).Append(" with a trace_id that is not 16 non-zero bytes (e.g. span '").Append(Shorten(badTrace.Name))
                    .Append("' has trace_id '").Append(Hex(badTrace.TraceId.Span)).Append("', ").Append(badTrace.TraceId.Length).Append(" bytes)");
                separator = "; ";
            }

            if (_spanIdExample is { } badSpan)
            {
                text.Append(separator).Append(_spanIds).Append(" with a span_id that is not 8 non-zero bytes (e.g. span '").Append(Shorten(badSpan.Name))
                    .Append("' has span_id '").Append(Hex(badSpan.SpanId.Span)).Append("', ").Append(badSpan.SpanId.Length).Append(" bytes)");
                separator = "; ";
            }

            if (_endBeforeStartExample is { } badTimes)
            {
                text.Append(separator).Append(_endBeforeStart).Append(" ending before they start (e.g. span '").Append(Shorten(badTimes.Name))
                    .Append("' has end_time_unix_nano ").Append(badTimes.EndTimeUnixNano).Append(" < start_time_unix_nano ").Append(badTimes.StartTimeUnixNano).Append(')');
            }

            return text.Append('.').ToString();
        }

        // Ids and names come from the client; bound what we echo back.
        private static string Hex(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id.Length <= 32 ? id : id[..32]);

        private static ReadOnlySpan<char> Shorten(string name) => name.Length <= 100 ? name : name.AsSpan(0, 100);
    }
}
