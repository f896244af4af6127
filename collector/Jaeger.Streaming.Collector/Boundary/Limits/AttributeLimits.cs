using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>Key-length checks and value truncation over attribute lists, nested arrays and maps included.</summary>
internal static class AttributeLimits
{
    /// <summary>The length of the first key longer than <paramref name="maxKeyLength"/>, or 0 when every key fits.</summary>
    public static int LongestKeyOver(RepeatedField<KeyValue> attributes, int maxKeyLength, out string? key)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (attribute.Key.Length > maxKeyLength)
            {
                key = attribute.Key;
                return attribute.Key.Length;
            }

            if (attribute.Value?.KvlistValue is { } nested && LongestKeyOver(nested.Values, maxKeyLength, out key) > 0)
            {
                return key!.Length;
            }

            if (attribute.Value?.ArrayValue is { } array && LongestKeyOver(array.Values, maxKeyLength, out key) > 0)
            {
                return key!.Length;
            }
        }

        key = null;
        return 0;
    }

    /// <summary>Cuts string and bytes values longer than <paramref name="maxValueLength"/>; returns how many it cut.</summary>
    public static int Truncate(RepeatedField<KeyValue> attributes, int maxValueLength)
    {
        var truncated = 0;
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Value is { } value)
            {
                truncated += Truncate(value, maxValueLength);
            }
        }

        return truncated;
    }

    /// <summary>
    /// Sets the marker counting truncated values, replacing any the client sent: a client must not be able to hide
    /// or fake our truncation.
    /// </summary>
    public static void Mark(RepeatedField<KeyValue> attributes, int truncated)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key == SpanLimits.TruncatedValuesAttribute)
            {
                attributes[i].Value = new AnyValue { IntValue = truncated };
                return;
            }
        }

        attributes.Add(new KeyValue { Key = SpanLimits.TruncatedValuesAttribute, Value = new AnyValue { IntValue = truncated } });
    }

    private static int LongestKeyOver(RepeatedField<AnyValue> values, int maxKeyLength, out string? key)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.KvlistValue is { } nested && LongestKeyOver(nested.Values, maxKeyLength, out key) > 0)
            {
                return key!.Length;
            }

            if (value.ArrayValue is { } array && LongestKeyOver(array.Values, maxKeyLength, out key) > 0)
            {
                return key!.Length;
            }
        }

        key = null;
        return 0;
    }

    private static int Truncate(AnyValue value, int maxValueLength)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue when value.StringValue.Length > maxValueLength:
                var cut = maxValueLength;
                if (char.IsHighSurrogate(value.StringValue[cut - 1]))
                {
                    // Never leave half a surrogate pair: the value must stay valid UTF-8 on the wire.
                    cut--;
                }

                value.StringValue = value.StringValue[..cut];
                return 1;
            case AnyValue.ValueOneofCase.BytesValue when value.BytesValue.Length > maxValueLength:
                value.BytesValue = ByteString.CopyFrom(value.BytesValue.Span[..maxValueLength]);
                return 1;
            case AnyValue.ValueOneofCase.ArrayValue:
                var truncated = 0;
                var items = value.ArrayValue.Values;
                for (var i = 0; i < items.Count; i++)
                {
                    truncated += Truncate(items[i], maxValueLength);
                }

                return truncated;
            case AnyValue.ValueOneofCase.KvlistValue:
                return Truncate(value.KvlistValue.Values, maxValueLength);
            default:
                return 0;
        }
    }
}
