using System.Text;
using Jaeger.Streaming.Ingester.Redaction.Detectors;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using Fields = Jaeger.Streaming.Schemas.Otlp.Wire.OtlpFields;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The least a redactor reading a record's bytes would do, and nothing more: reach every key and text redaction
/// examines (resource, scope, span, event and link attributes, values nested in arrays and lists, span and event
/// names, status messages), transcode each into one reused buffer, look each key up in a table as the verdict cache
/// does and profile each text as redaction's pre-scan does (<see cref="TextProfile"/>). It builds no message and no
/// string, and it changes nothing. Set against decode + redact, its cost per span says what an ingester that never
/// builds messages could save. One instance per thread; throws on bytes that are not a request, as the load's never are.
/// </summary>
internal sealed class BytePreScan
{
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _keyLookup;
    private char[] _text = new char[4096];

    public BytePreScan() => _keyLookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Texts whose profile leaves a detector something to look at, so that no profile is computed for nothing.</summary>
    public long NotQuiet { get; private set; }

    /// <summary>Scans <paramref name="request"/> and returns its span count.</summary>
    public int Scan(byte[] request)
    {
        var spans = 0;
        var top = new ProtoReader(request, 0, request.Length);
        while (!top.AtEnd)
        {
            var (field, start, end) = Next(ref top, request);
            var resourceSpans = new ProtoReader(request, start, end);
            while (field == Fields.ExportTraceServiceRequest.ResourceSpans && !resourceSpans.AtEnd)
            {
                var (inner, s, e) = Next(ref resourceSpans, request);
                switch (inner)
                {
                    case Fields.ResourceSpans.Resource:
                        Attributes(request, s, e, Fields.Resource.Attributes, textField: 0);
                        break;
                    case Fields.ResourceSpans.ScopeSpans:
                        spans += ScopeSpans(request, s, e);
                        break;
                }
            }
        }

        return spans;
    }

    private int ScopeSpans(byte[] body, int start, int end)
    {
        var spans = 0;
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            switch (field)
            {
                case Fields.ScopeSpans.Scope:
                    Attributes(body, s, e, Fields.InstrumentationScope.Attributes, textField: 0);
                    break;
                case Fields.ScopeSpans.Spans:
                    spans++;
                    Span(body, s, e);
                    break;
            }
        }

        return spans;
    }

    private void Span(byte[] body, int start, int end)
    {
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            switch (field)
            {
                case Fields.Span.Name:
                    Text(body, s, e);
                    break;
                case Fields.Span.Attributes:
                    KeyValue(body, s, e);
                    break;
                case Fields.Span.Events:
                    Attributes(body, s, e, Fields.Event.Attributes, Fields.Event.Name);
                    break;
                case Fields.Span.Links:
                    Attributes(body, s, e, Fields.Link.Attributes, textField: 0);
                    break;
                case Fields.Span.Status:
                    Attributes(body, s, e, attributesField: 0, Fields.Status.Message);
                    break;
            }
        }
    }

    /// <summary>A message's attributes and its text field; 0 names neither.</summary>
    private void Attributes(byte[] body, int start, int end, int attributesField, int textField)
    {
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            if (field == attributesField)
            {
                KeyValue(body, s, e);
            }
            else if (field == textField)
            {
                Text(body, s, e);
            }
        }
    }

    private void KeyValue(byte[] body, int start, int end)
    {
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            if (field == Fields.KeyValue.Key)
            {
                var key = Transcode(body, s, e);
                if (!_keyLookup.ContainsKey(key))
                {
                    _keys[key.ToString()] = 0;
                }
            }
            else if (field == Fields.KeyValue.Value)
            {
                Value(body, s, e);
            }
        }
    }

    private void Value(byte[] body, int start, int end)
    {
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            switch (field)
            {
                case Fields.AnyValue.StringValue:
                    Text(body, s, e);
                    break;
                case Fields.AnyValue.ArrayValue:
                    ListValues(body, s, e, isKeyValueList: false);
                    break;
                case Fields.AnyValue.KvlistValue:
                    ListValues(body, s, e, isKeyValueList: true);
                    break;
            }
        }
    }

    private void ListValues(byte[] body, int start, int end, bool isKeyValueList)
    {
        var reader = new ProtoReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader, body);
            if (field != Fields.ListValues)
            {
                continue;
            }

            if (isKeyValueList)
            {
                KeyValue(body, s, e);
            }
            else
            {
                Value(body, s, e);
            }
        }
    }

    private void Text(byte[] body, int start, int end)
    {
        if (!TextProfile.Of(Transcode(body, start, end)).IsQuiet)
        {
            NotQuiet++;
        }
    }

    private ReadOnlySpan<char> Transcode(byte[] body, int start, int end)
    {
        if (_text.Length < end - start)
        {
            _text = new char[end - start];
        }

        var length = Encoding.UTF8.GetChars(body.AsSpan(start, end - start), _text);
        return _text.AsSpan(0, length);
    }

    /// <summary>The next field: a length-delimited one's window, or -1 for a field of another wire type, skipped.</summary>
    internal static (int Field, int Start, int End) Next(ref ProtoReader reader, byte[] body)
    {
        if (!reader.TryReadTag(out var field, out var wireType))
        {
            throw new InvalidOperationException($"A generated span record of {body.Length} bytes is not valid protobuf.");
        }

        if (wireType == WireType.LengthDelimited && reader.TryReadLengthDelimited(wireType, out var start, out var end))
        {
            return (field, start, end);
        }

        if (!reader.TrySkip(wireType))
        {
            throw new InvalidOperationException($"A generated span record of {body.Length} bytes is not valid protobuf.");
        }

        return (-1, 0, 0);
    }
}
