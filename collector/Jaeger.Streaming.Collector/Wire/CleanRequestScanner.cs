using System.Text;
using Jaeger.Streaming.Collector.Boundary;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using Fields = Jaeger.Streaming.Schemas.Otlp.Wire.OtlpFields;

namespace Jaeger.Streaming.Collector.Wire;

/// <summary>
/// Reads an OTLP protobuf <c>ExportTraceServiceRequest</c> body where it lies, without building its messages, and
/// says whether the request is clean: whether <see cref="SpanValidator"/> (its <see cref="SpanLimits"/>, the
/// credential's services, the request's span limit) would reject no span of it and change nothing in it. A clean
/// request comes back mapped as a <see cref="WireRequest"/>; any other gets null and takes the model path.
/// <para>
/// The answer is "not clean" whenever the scan is not certain: malformed or unusual encoding (groups, a known field
/// with another wire type, a repeated singular field the scan reads, two values in one AnyValue), invalid UTF-8 in a
/// string field, a name, key or string value longer in UTF-8 bytes than its limit in characters, or attribute values
/// nested deeper than <see cref="MaxValueDepth"/>. Unknown fields are kept, as the model path keeps them.
/// </para>
/// </summary>
internal sealed class CleanRequestScanner(SpanValidator validator)
{
    /// <summary>Array and map values nested deeper are left to the model path; far below protobuf's recursion limit of 100.</summary>
    public const int MaxValueDepth = 16;

    private static readonly byte[] ServiceNameKey = Encoding.UTF8.GetBytes(ServiceNames.Attribute);
    private static readonly byte[] SamplerTypeKey = Encoding.UTF8.GetBytes(RootSpan.SamplerTypeKey);
    private static readonly byte[] SamplerParamKey = Encoding.UTF8.GetBytes(RootSpan.SamplerParamKey);
    private static readonly byte[] ProbabilisticSampler = Encoding.UTF8.GetBytes(RootSpan.ProbabilisticSampler);

    /// <summary>
    /// The map of <paramref name="body"/> when it is clean for a producer allowed <paramref name="allowedServices"/>
    /// (null: any), with its root spans in the census when <paramref name="withRootSpans"/>; otherwise null.
    /// </summary>
    public WireRequest? Scan(ReadOnlySpan<byte> body, IReadOnlySet<string>? allowedServices, bool withRootSpans)
    {
        var request = new WireRequest();
        var scan = new BodyScan(body, validator, allowedServices, withRootSpans, request);
        return scan.Request() ? request : null;
    }

    private enum ValueCase
    {
        Absent,
        None,
        String,
        Bool,
        Int,
        Double,
        Array,
        Kvlist,
        Bytes,
    }

    /// <summary>What an attribute's value was, as far as service names and sampler tags need to know.</summary>
    private readonly record struct ValueSummary(ValueCase Case, int Start = 0, int End = 0, double Double = 0);

    private ref struct BodyScan
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly SpanValidator _validator;
        private readonly SpanLimits _limits;
        private readonly IReadOnlySet<string>? _allowedServices;
        private readonly bool _withRootSpans;
        private readonly WireRequest _request;
        private readonly ulong _now;

        public BodyScan(ReadOnlySpan<byte> body, SpanValidator validator, IReadOnlySet<string>? allowedServices, bool withRootSpans, WireRequest request)
        {
            _body = body;
            _validator = validator;
            _limits = validator.Limits;
            _allowedServices = allowedServices;
            _withRootSpans = withRootSpans;
            _request = request;
            _now = validator.NowNanos();
        }

        public readonly bool Request()
        {
            var reader = new ProtoReader(_body, 0, _body.Length);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                var ok = field == Fields.ExportTraceServiceRequest.ResourceSpans
                    ? reader.TryReadLengthDelimited(wire, out var start, out var end) && ResourceSpans(start, end)
                    : reader.TrySkip(wire);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private readonly bool ResourceSpans(int start, int end)
        {
            var index = _request.Resources.Count;
            var firstSpan = _request.Spans.Count;
            var firstRoot = _request.Census.RootSpans.Count;
            var (hasResource, resourceStart, resourceEnd) = (false, 0, 0);
            var (hasSchemaUrl, schemaUrlStart, schemaUrlEnd) = (false, 0, 0);
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.ResourceSpans.Resource => !hasResource && (hasResource = reader.TryReadLengthDelimited(wire, out resourceStart, out resourceEnd)),
                    Fields.ResourceSpans.ScopeSpans => reader.TryReadLengthDelimited(wire, out s, out e) && ScopeSpans(s, e, index),
                    Fields.ResourceSpans.SchemaUrl => !hasSchemaUrl && (hasSchemaUrl = reader.TryReadString(wire, int.MaxValue, out schemaUrlStart, out schemaUrlEnd)),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            var service = ServiceNames.Unknown;
            if ((hasResource && !Resource(resourceStart, resourceEnd, out service)) || (_allowedServices is not null && !_allowedServices.Contains(service)))
            {
                return false;
            }

            _request.Resources.Add(new WireResource(hasResource ? resourceStart : -1, resourceEnd - resourceStart, schemaUrlStart, schemaUrlEnd - schemaUrlStart));
            _request.Census.AddSpans(service, _request.Spans.Count - firstSpan);
            var roots = _request.Census.RootSpans;
            for (var i = firstRoot; i < roots.Count; i++)
            {
                // The resource, and so the service, may follow its spans on the wire.
                roots[i] = roots[i] with { Service = service };
            }

            return true;
        }

        /// <summary>Attribute count and values of a resource, and its service as <see cref="ServiceNames.Of"/> reads it.</summary>
        private readonly bool Resource(int start, int end, out string service)
        {
            service = ServiceNames.Unknown;
            var named = false;
            var attributes = 0;
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                bool ok;
                switch (field)
                {
                    case Fields.Resource.Attributes:
                        if (!reader.TryReadLengthDelimited(wire, out s, out e) || !KeyValue(s, e, 0, out var keyStart, out var keyEnd, out var value))
                        {
                            return false;
                        }

                        attributes++;
                        if (!named && value.Case != ValueCase.Absent && _body[keyStart..keyEnd].SequenceEqual(ServiceNameKey))
                        {
                            named = true;
                            service = value.Case == ValueCase.String ? Encoding.UTF8.GetString(_body[value.Start..value.End]) : "";
                        }

                        continue;
                    case Fields.Resource.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out _);
                        break;
                    case Fields.Resource.EntityRefs:
                        ok = reader.TryReadLengthDelimited(wire, out s, out e) && EntityRef(s, e);
                        break;
                    default:
                        ok = reader.TrySkip(wire);
                        break;
                }

                if (!ok)
                {
                    return false;
                }
            }

            return attributes <= _limits.MaxAttributesPerResource;
        }

        /// <summary>An entity reference is kept whole; only its strings need to be valid UTF-8.</summary>
        private readonly bool EntityRef(int start, int end)
        {
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                var ok = field is Fields.EntityRef.SchemaUrl or Fields.EntityRef.Type or Fields.EntityRef.IdKeys or Fields.EntityRef.DescriptionKeys
                    ? reader.TryReadString(wire, int.MaxValue, out _, out _)
                    : reader.TrySkip(wire);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private readonly bool ScopeSpans(int start, int end, int resource)
        {
            var index = _request.Scopes.Count;
            var (hasScope, scopeStart, scopeEnd) = (false, 0, 0);
            var (hasSchemaUrl, schemaUrlStart, schemaUrlEnd) = (false, 0, 0);
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.ScopeSpans.Scope => !hasScope && (hasScope = reader.TryReadLengthDelimited(wire, out scopeStart, out scopeEnd)),
                    Fields.ScopeSpans.Spans => reader.TryReadLengthDelimited(wire, out s, out e) && Span(s, e, resource, index),
                    Fields.ScopeSpans.SchemaUrl => !hasSchemaUrl && (hasSchemaUrl = reader.TryReadString(wire, int.MaxValue, out schemaUrlStart, out schemaUrlEnd)),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (hasScope && !Scope(scopeStart, scopeEnd))
            {
                return false;
            }

            _request.Scopes.Add(new WireScope(resource, hasScope ? scopeStart : -1, scopeEnd - scopeStart, schemaUrlStart, schemaUrlEnd - schemaUrlStart));
            return true;
        }

        private readonly bool Scope(int start, int end)
        {
            var attributes = 0;
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.InstrumentationScope.Name or Fields.InstrumentationScope.Version => reader.TryReadString(wire, int.MaxValue, out _, out _),
                    Fields.InstrumentationScope.Attributes => reader.TryReadLengthDelimited(wire, out s, out e) && Attribute(s, e, ref attributes),
                    Fields.InstrumentationScope.DroppedAttributesCount => reader.TryReadVarint(wire, out _),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return attributes <= _limits.MaxAttributesPerScope;
        }

        private readonly bool Span(int start, int end, int resource, int scope)
        {
            var (hasTraceId, traceIdStart, traceIdEnd) = (false, 0, 0);
            var (hasSpanId, spanIdStart, spanIdEnd) = (false, 0, 0);
            var (hasParent, parentStart, parentEnd) = (false, 0, 0);
            var (hasName, nameStart, nameEnd) = (false, 0, 0);
            var (hasStartTime, startTime) = (false, 0UL);
            var (hasEndTime, endTime) = (false, 0UL);
            var (attributes, events, links) = (0, 0, 0);
            var (probabilistic, samplerParam) = (false, double.NaN);
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                bool ok;
                switch (field)
                {
                    case Fields.Span.Attributes:
                        if (!reader.TryReadLengthDelimited(wire, out s, out e) || !KeyValue(s, e, 0, out var keyStart, out var keyEnd, out var value))
                        {
                            return false;
                        }

                        if (_withRootSpans)
                        {
                            Sampler(keyStart, keyEnd, value, ref probabilistic, ref samplerParam);
                        }

                        attributes++;
                        continue;
                    case Fields.Span.TraceId:
                        ok = !hasTraceId && (hasTraceId = reader.TryReadLengthDelimited(wire, out traceIdStart, out traceIdEnd));
                        break;
                    case Fields.Span.SpanId:
                        ok = !hasSpanId && (hasSpanId = reader.TryReadLengthDelimited(wire, out spanIdStart, out spanIdEnd));
                        break;
                    case Fields.Span.ParentSpanId:
                        ok = !hasParent && (hasParent = reader.TryReadLengthDelimited(wire, out parentStart, out parentEnd));
                        break;
                    case Fields.Span.Name:
                        ok = !hasName && (hasName = reader.TryReadString(wire, _limits.MaxSpanNameLength, out nameStart, out nameEnd));
                        break;
                    case Fields.Span.StartTimeUnixNano:
                        ok = !hasStartTime && (hasStartTime = reader.TryReadFixed64(wire, out startTime));
                        break;
                    case Fields.Span.EndTimeUnixNano:
                        ok = !hasEndTime && (hasEndTime = reader.TryReadFixed64(wire, out endTime));
                        break;
                    case Fields.Span.TraceState:
                        ok = reader.TryReadString(wire, int.MaxValue, out _, out _);
                        break;
                    case Fields.Span.Kind or Fields.Span.DroppedAttributesCount or Fields.Span.DroppedEventsCount or Fields.Span.DroppedLinksCount:
                        ok = reader.TryReadVarint(wire, out _);
                        break;
                    case Fields.Span.Events:
                        ok = reader.TryReadLengthDelimited(wire, out s, out e) && Event(s, e);
                        events++;
                        break;
                    case Fields.Span.Links:
                        ok = reader.TryReadLengthDelimited(wire, out s, out e) && Link(s, e);
                        links++;
                        break;
                    case Fields.Span.Status:
                        ok = reader.TryReadLengthDelimited(wire, out s, out e) && Status(s, e);
                        break;
                    case Fields.Span.Flags:
                        ok = reader.TryReadFixed32(wire, out _);
                        break;
                    default:
                        ok = reader.TrySkip(wire);
                        break;
                }

                if (!ok)
                {
                    return false;
                }
            }

            var traceId = _body[traceIdStart..traceIdEnd];
            if (SpanValidator.IdsDefect(traceId, _body[spanIdStart..spanIdEnd]) != SpanDefect.None
                || endTime < startTime
                || _validator.EndTimeDefect(endTime, _now) != SpanDefect.None
                || attributes > _limits.MaxAttributesPerSpan
                || events > _limits.MaxEventsPerSpan
                || links > _limits.MaxLinksPerSpan
                || _request.Spans.Count >= _limits.MaxSpansPerRequest)
            {
                return false;
            }

            _request.AddSpan(TraceId.FromBytes(traceId), scope, start, end - start);
            if (_withRootSpans && parentEnd == parentStart)
            {
                // The service is filled in once the resource has been read.
                _request.Census.RootSpans.Add(new RootSpan("", Encoding.UTF8.GetString(_body[nameStart..nameEnd]), RootSpan.Probability(probabilistic, samplerParam)));
            }

            return true;
        }

        /// <summary>Mirrors how the model path reads a root span's <c>sampler.type</c> and <c>sampler.param</c>: the last of each wins.</summary>
        private readonly void Sampler(int keyStart, int keyEnd, ValueSummary value, ref bool probabilistic, ref double samplerParam)
        {
            var key = _body[keyStart..keyEnd];
            if (key.SequenceEqual(SamplerTypeKey))
            {
                probabilistic = value.Case == ValueCase.String && _body[value.Start..value.End].SequenceEqual(ProbabilisticSampler);
            }
            else if (value.Case != ValueCase.Absent && key.SequenceEqual(SamplerParamKey))
            {
                samplerParam = value.Case == ValueCase.Double ? value.Double : double.NaN;
            }
        }

        private readonly bool Event(int start, int end)
        {
            var attributes = 0;
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.Event.TimeUnixNano => reader.TryReadFixed64(wire, out _),
                    Fields.Event.Name => reader.TryReadString(wire, int.MaxValue, out _, out _),
                    Fields.Event.Attributes => reader.TryReadLengthDelimited(wire, out s, out e) && Attribute(s, e, ref attributes),
                    Fields.Event.DroppedAttributesCount => reader.TryReadVarint(wire, out _),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return attributes <= _limits.MaxAttributesPerEvent;
        }

        private readonly bool Link(int start, int end)
        {
            var attributes = 0;
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.Link.TraceId or Fields.Link.SpanId => reader.TryReadLengthDelimited(wire, out _, out _),
                    Fields.Link.TraceState => reader.TryReadString(wire, int.MaxValue, out _, out _),
                    Fields.Link.Attributes => reader.TryReadLengthDelimited(wire, out s, out e) && Attribute(s, e, ref attributes),
                    Fields.Link.DroppedAttributesCount => reader.TryReadVarint(wire, out _),
                    Fields.Link.Flags => reader.TryReadFixed32(wire, out _),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return attributes <= _limits.MaxAttributesPerLink;
        }

        private readonly bool Status(int start, int end)
        {
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                var ok = field switch
                {
                    Fields.Status.Message => reader.TryReadString(wire, int.MaxValue, out _, out _),
                    Fields.Status.Code => reader.TryReadVarint(wire, out _),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>One more attribute of a scope, event or link, counted towards its limit.</summary>
        private readonly bool Attribute(int start, int end, ref int count)
        {
            count++;
            return KeyValue(start, end, 0, out _, out _, out _);
        }

        /// <summary>
        /// An attribute at any depth: its key must fit <see cref="SpanLimits.MaxAttributeKeyLength"/> and its value must
        /// be one the validator would not truncate, as <see cref="AttributeLimits"/> checks keys and values in nested
        /// arrays and maps too.
        /// </summary>
        private readonly bool KeyValue(int start, int end, int depth, out int keyStart, out int keyEnd, out ValueSummary value)
        {
            (keyStart, keyEnd) = (0, 0);
            value = default;
            var hasKey = false;
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field switch
                {
                    Fields.KeyValue.Key => !hasKey && (hasKey = reader.TryReadString(wire, _limits.MaxAttributeKeyLength, out keyStart, out keyEnd)),
                    Fields.KeyValue.Value => value.Case == ValueCase.Absent && reader.TryReadLengthDelimited(wire, out s, out e) && AnyValue(s, e, depth, out value),
                    _ => reader.TrySkip(wire),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private readonly bool AnyValue(int start, int end, int depth, out ValueSummary value)
        {
            value = new ValueSummary(ValueCase.None);
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                if (field is >= Fields.AnyValue.StringValue and <= Fields.AnyValue.BytesValue && value.Case != ValueCase.None)
                {
                    // A second value of the oneof: protobuf keeps the last, merging messages; leave that to the parser.
                    return false;
                }

                int s, e;
                ulong bits;
                switch (field)
                {
                    case Fields.AnyValue.StringValue when reader.TryReadString(wire, _limits.MaxAttributeValueLength, out s, out e):
                        value = new ValueSummary(ValueCase.String, s, e);
                        continue;
                    case Fields.AnyValue.BoolValue when reader.TryReadVarint(wire, out _):
                        value = new ValueSummary(ValueCase.Bool);
                        continue;
                    case Fields.AnyValue.IntValue when reader.TryReadVarint(wire, out _):
                        value = new ValueSummary(ValueCase.Int);
                        continue;
                    case Fields.AnyValue.DoubleValue when reader.TryReadFixed64(wire, out bits):
                        value = new ValueSummary(ValueCase.Double, Double: BitConverter.UInt64BitsToDouble(bits));
                        continue;
                    case Fields.AnyValue.ArrayValue when depth < MaxValueDepth && reader.TryReadLengthDelimited(wire, out s, out e) && List(s, e, depth + 1, keyed: false):
                        value = new ValueSummary(ValueCase.Array);
                        continue;
                    case Fields.AnyValue.KvlistValue when depth < MaxValueDepth && reader.TryReadLengthDelimited(wire, out s, out e) && List(s, e, depth + 1, keyed: true):
                        value = new ValueSummary(ValueCase.Kvlist);
                        continue;
                    case Fields.AnyValue.BytesValue when reader.TryReadLengthDelimited(wire, out s, out e) && e - s <= _limits.MaxAttributeValueLength:
                        value = new ValueSummary(ValueCase.Bytes);
                        continue;
                    case >= Fields.AnyValue.StringValue and <= Fields.AnyValue.BytesValue:
                        return false;
                    default:
                        if (!reader.TrySkip(wire))
                        {
                            return false;
                        }

                        continue;
                }
            }

            return true;
        }

        /// <summary>The values of an ArrayValue, or the attributes of a KeyValueList when <paramref name="keyed"/>.</summary>
        private readonly bool List(int start, int end, int depth, bool keyed)
        {
            var reader = new ProtoReader(_body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return false;
                }

                int s, e;
                var ok = field == Fields.ListValues
                    ? reader.TryReadLengthDelimited(wire, out s, out e) && (keyed ? KeyValue(s, e, depth, out _, out _, out _) : AnyValue(s, e, depth, out _))
                    : reader.TrySkip(wire);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
