using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Testing;

/// <summary>Short builders for OTLP test data, so a test's arrange part states only what matters to it.</summary>
public static class Otlp
{
    private static long _nextId;

    /// <summary>A fresh, non-zero, unique trace id.</summary>
    public static TraceIdBytes NewTraceId() => new(Random.Shared.NextInt64(1, long.MaxValue), Interlocked.Increment(ref _nextId));

    public static ByteString NewSpanId() => ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue)));

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attr(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    /// <summary>A span of <paramref name="traceId"/> starting at <paramref name="start"/>.</summary>
    public static Span Span(TraceIdBytes traceId, string name = "op", DateTimeOffset? start = null, TimeSpan? duration = null, ByteString? parent = null)
    {
        var startNanos = ToUnixNanos(start ?? DateTimeOffset.UtcNow.AddMinutes(-1));
        return new Span
        {
            TraceId = traceId.Bytes,
            SpanId = NewSpanId(),
            ParentSpanId = parent ?? ByteString.Empty,
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server,
            StartTimeUnixNano = startNanos,
            EndTimeUnixNano = startNanos + (ulong)((duration ?? TimeSpan.FromMilliseconds(5)).Ticks * 100),
        };
    }

    /// <summary>Spans of one service under one resource and one scope.</summary>
    public static ResourceSpans ResourceSpans(string service, params Span[] spans)
    {
        var resourceSpans = new ResourceSpans
        {
            Resource = new Resource { Attributes = { Attr("service.name", service) } },
            ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "test-scope", Version = "1.0.0" } } },
        };
        resourceSpans.ScopeSpans[0].Spans.AddRange(spans);
        return resourceSpans;
    }

    public static ExportTraceServiceRequest Request(params ResourceSpans[] resourceSpans)
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.AddRange(resourceSpans);
        return request;
    }

    public static ulong ToUnixNanos(DateTimeOffset time) => (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000) + (ulong)(time.Ticks % TimeSpan.TicksPerMillisecond * 100);
}

/// <summary>A trace id as OTLP bytes and as the storage contract's <see cref="Schemas.TraceId"/>.</summary>
public readonly record struct TraceIdBytes(long High, long Low)
{
    public ByteString Bytes
    {
        get
        {
            var bytes = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, High);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), Low);
            return ByteString.CopyFrom(bytes);
        }
    }

    public Schemas.TraceId Id => Schemas.TraceId.FromBytes(Bytes);

    /// <summary>The trace id written as 32 hex characters, as in a span record's key.</summary>
    public static TraceIdBytes FromHex(string hex) => new(
        unchecked((long)ulong.Parse(hex.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)),
        unchecked((long)ulong.Parse(hex.AsSpan(16, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));

    public override string ToString() => Id.ToString();
}
