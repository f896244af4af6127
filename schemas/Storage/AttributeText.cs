using System.Globalization;
using System.Text;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// The string form an attribute value is compared in (DESIGN §4): <c>123</c>, <c>72.5</c>, <c>true</c>.
/// Every backend and every API uses this one form, so a query means the same thing everywhere.
/// </summary>
public static class AttributeText
{
    public static string Format(AnyValue? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => FormatComposite(value),
            _ => "",
        };
    }

    private static string FormatComposite(AnyValue value)
    {
        var text = new StringBuilder();
        AppendJson(text, value);
        return text.ToString();
    }

    private static void AppendJson(StringBuilder text, AnyValue? value)
    {
        // A map entry without a value, or an empty element, is valid OTLP; JSON says null.
        if (value is null || value.ValueCase == AnyValue.ValueOneofCase.None)
        {
            text.Append("null");
            return;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.ArrayValue:
                text.Append('[');
                for (var i = 0; i < value.ArrayValue.Values.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    AppendJson(text, value.ArrayValue.Values[i]);
                }

                text.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                text.Append('{');
                for (var i = 0; i < value.KvlistValue.Values.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    var pair = value.KvlistValue.Values[i];
                    text.Append(System.Text.Json.JsonSerializer.Serialize(pair.Key)).Append(':');
                    AppendJson(text, pair.Value);
                }

                text.Append('}');
                break;
            case AnyValue.ValueOneofCase.StringValue:
            case AnyValue.ValueOneofCase.BytesValue:
                text.Append(System.Text.Json.JsonSerializer.Serialize(Format(value)));
                break;
            default:
                text.Append(Format(value));
                break;
        }
    }
}
