using System.Text;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Ingester.Redaction.Detectors;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using Fields = Jaeger.Streaming.Schemas.Otlp.Wire.OtlpFields;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The least an ingester that redacts a record's bytes must do on this load, building no message: the walk of
/// <see cref="BytePreScan"/> with keys looked up by their UTF-8 bytes (no transcoding), each text profiled, every text
/// a rule or a detector acts on handed to the production policy (<c>RedactionPolicy.RedactText</c>: every span of the
/// load has a SQL statement to scrub), and the record copied into a reused buffer with the changed texts and each
/// changed span's summary attributes in place. What it leaves out makes it cheaper than a real one could be, so its rate
/// bounds one from above: the enclosing messages' lengths are not fixed up (its output is not valid protobuf), and the
/// redaction metrics are not counted. It runs the default rules only: a key rule's hash is written as a mask, and a quiet text
/// never reaches the detectors, as none of the default ones matches quiet text.
/// One instance per thread; throws on bytes that are not a request, as the load's never are.
/// </summary>
internal sealed class ByteRedaction
{
    private const byte KeyValueTag = (Fields.KeyValue.Key << 3) | 2;
    private const byte ValueTag = (Fields.KeyValue.Value << 3) | 2;
    private const byte StringValueTag = (Fields.AnyValue.StringValue << 3) | 2;
    private const byte IntValueTag = Fields.AnyValue.IntValue << 3;

    private static readonly byte[] CountKey = Encoding.UTF8.GetBytes(RedactionTally.CountAttribute);
    private static readonly byte[] DetectorsKey = Encoding.UTF8.GetBytes(RedactionTally.DetectorsAttribute);

    private readonly RedactionPolicy _policy;
    private readonly RedactionContext _context = new(includeKeys: false, counter: null);
    private readonly Dictionary<string, (string Key, KeyVerdict Verdict)> _verdicts = new(Utf8Keys.Comparer);
    private readonly Dictionary<string, (string Key, KeyVerdict Verdict)>.AlternateLookup<ReadOnlySpan<byte>> _verdictLookup;
    private readonly StringBuilder _detectors = new();
    private char[] _text = new char[4096];
    private byte[] _out = new byte[64 * 1024];
    private int _written;
    private int _copied;
    private byte[] _in = [];

    public ByteRedaction()
    {
        _policy = RedactionPolicy.Build(new RedactionOptions(), null, null);
        _verdictLookup = _verdicts.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Values redacted since this instance was made: set against SpanRedactor's on the same records.</summary>
    public long Redacted { get; private set; }

    /// <summary>The last record redacted, as written.</summary>
    public ReadOnlySpan<byte> Output => _out.AsSpan(0, _written);

    /// <summary>Redacts <paramref name="request"/> into this instance's buffer; returns its span count.</summary>
    public int Redact(byte[] request)
    {
        _in = request;
        _written = 0;
        _copied = 0;
        Reserve(request.Length);
        var spans = 0;
        var top = new ProtoReader(request, 0, request.Length);
        while (!top.AtEnd)
        {
            var (field, start, end) = Next(ref top);
            var resourceSpans = new ProtoReader(request, start, end);
            while (field == Fields.ExportTraceServiceRequest.ResourceSpans && !resourceSpans.AtEnd)
            {
                var (inner, s, e) = Next(ref resourceSpans);
                switch (inner)
                {
                    case Fields.ResourceSpans.Resource:
                        Summarized(s, e, Fields.Resource.Attributes, textField: 0, Fields.Resource.Attributes);
                        break;
                    case Fields.ResourceSpans.ScopeSpans:
                        spans += ScopeSpans(s, e);
                        break;
                }
            }
        }

        CopyTo(request.Length);
        return spans;
    }

    private int ScopeSpans(int start, int end)
    {
        var spans = 0;
        var reader = new ProtoReader(_in, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            switch (field)
            {
                case Fields.ScopeSpans.Scope:
                    Summarized(s, e, Fields.InstrumentationScope.Attributes, textField: 0, Fields.InstrumentationScope.Attributes);
                    break;
                case Fields.ScopeSpans.Spans:
                    spans++;
                    Span(s, e);
                    break;
            }
        }

        return spans;
    }

    private void Span(int start, int end)
    {
        _context.Tally.Reset();
        var reader = new ProtoReader(_in, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            switch (field)
            {
                case Fields.Span.Name:
                    Text(s, e, KeyTreatment.Detect, "span.name", canDrop: false);
                    break;
                case Fields.Span.Attributes:
                    KeyValue(s, e);
                    break;
                case Fields.Span.Events:
                    Attributes(s, e, Fields.Event.Attributes, Fields.Event.Name, "event.name");
                    break;
                case Fields.Span.Links:
                    Attributes(s, e, Fields.Link.Attributes, textField: 0, null);
                    break;
                case Fields.Span.Status:
                    Attributes(s, e, attributesField: 0, Fields.Status.Message, "status.message");
                    break;
            }
        }

        Summary(end, Fields.Span.Attributes);
    }

    /// <summary>A resource's or scope's attributes, with their own summary.</summary>
    private void Summarized(int start, int end, int attributesField, int textField, int summaryField)
    {
        _context.Tally.Reset();
        Attributes(start, end, attributesField, textField, null);
        Summary(end, summaryField);
    }

    /// <summary>A message's attributes and its text field; 0 names neither.</summary>
    private void Attributes(int start, int end, int attributesField, int textField, string? textLocation)
    {
        var reader = new ProtoReader(_in, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            if (field == attributesField)
            {
                KeyValue(s, e);
            }
            else if (field == textField)
            {
                Text(s, e, KeyTreatment.Detect, textLocation!, canDrop: false);
            }
        }
    }

    private void KeyValue(int start, int end)
    {
        var reader = new ProtoReader(_in, start, end);
        (string Key, KeyVerdict Verdict) key = default;
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            if (field == Fields.KeyValue.Key)
            {
                key = Verdict(s, e);
            }
            else if (field == Fields.KeyValue.Value && key.Verdict is not null)
            {
                switch (key.Verdict.Treatment)
                {
                    case KeyTreatment.Allow:
                        break;
                    case KeyTreatment.Redact:
                        _context.Tally.Add(key.Verdict.Name, 1, key.Key!);
                        Redacted++;
                        if (key.Verdict.Action == RedactionAction.Drop)
                        {
                            Drop(start, end);
                        }
                        else
                        {
                            Replace(s, e, AnyValueOf(key.Verdict.Marker));
                        }

                        break;
                    default:
                        Value(s, e, key.Verdict.Treatment, key.Key!, canDrop: true, start, end);
                        break;
                }
            }
        }
    }

    private (string Key, KeyVerdict Verdict) Verdict(int start, int end)
    {
        var bytes = _in.AsSpan(start, end - start);
        if (!_verdictLookup.TryGetValue(bytes, out var known))
        {
            var key = Encoding.UTF8.GetString(bytes);
            known = (key, _policy.Classify(key));
            _verdicts[key] = known;
        }

        return known;
    }

    private void Value(int start, int end, KeyTreatment treatment, string key, bool canDrop, int keyValueStart, int keyValueEnd)
    {
        var reader = new ProtoReader(_in, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            switch (field)
            {
                case Fields.AnyValue.StringValue:
                    if (!Text(s, e, treatment, key, canDrop))
                    {
                        Drop(keyValueStart, keyValueEnd);
                    }

                    break;
                case Fields.AnyValue.ArrayValue:
                    ListValues(s, e, treatment, key, isKeyValueList: false);
                    break;
                case Fields.AnyValue.KvlistValue:
                    ListValues(s, e, treatment, key, isKeyValueList: true);
                    break;
            }
        }
    }

    private void ListValues(int start, int end, KeyTreatment treatment, string key, bool isKeyValueList)
    {
        var reader = new ProtoReader(_in, start, end);
        while (!reader.AtEnd)
        {
            var (field, s, e) = Next(ref reader);
            if (field != Fields.ListValues)
            {
                continue;
            }

            if (isKeyValueList)
            {
                KeyValue(s, e);
            }
            else
            {
                Value(s, e, treatment, key, canDrop: false, s, e);
            }
        }
    }

    /// <summary>Profiles a text and hands it to the policy when a rule or detector may act on it; returns false when it is to be dropped.</summary>
    private bool Text(int start, int end, KeyTreatment treatment, string location, bool canDrop)
    {
        if (end == start)
        {
            return true;
        }

        var text = Transcode(start, end);
        if (treatment == KeyTreatment.Detect && TextProfile.Of(text).IsQuiet)
        {
            return true;
        }

        var before = _context.Tally.Total;
        var original = text.ToString();
        var redacted = _policy.RedactText(original, treatment, _context, location, canDrop);
        Redacted += _context.Tally.Total - before;
        if (redacted is null)
        {
            return false;
        }

        if (!ReferenceEquals(redacted, original))
        {
            ReplaceText(start, end, redacted);
        }

        return true;
    }

    /// <summary>Writes a changed span's (resource's, scope's) summary attributes at its end.</summary>
    private void Summary(int end, int attributesField)
    {
        var tally = _context.Tally;
        if (tally.Total == 0)
        {
            return;
        }

        CopyTo(end);
        _detectors.Clear();
        foreach (var (name, count) in tally.Counts)
        {
            _detectors.Append(_detectors.Length == 0 ? "" : ",").Append(name).Append(':').Append(count);
        }

        var detectors = _detectors.ToString();
        var attributeTag = (byte)((attributesField << 3) | 2);
        Reserve(64 + (detectors.Length * 3));

        // redaction.count as an int, redaction.detectors as a string.
        var countValueLength = 1 + VarintSize((ulong)tally.Total);
        var countLength = 1 + VarintSize((uint)CountKey.Length) + CountKey.Length + 1 + VarintSize((uint)countValueLength) + countValueLength;
        WriteTagAndLength(attributeTag, countLength);
        WriteTagAndLength(KeyValueTag, CountKey.Length);
        WriteBytes(CountKey);
        WriteTagAndLength(ValueTag, countValueLength);
        _out[_written++] = IntValueTag;
        WriteVarint((ulong)tally.Total);

        var detectorsBytes = Encoding.UTF8.GetByteCount(detectors);
        var detectorsValueLength = 1 + VarintSize((uint)detectorsBytes) + detectorsBytes;
        var detectorsLength = 1 + VarintSize((uint)DetectorsKey.Length) + DetectorsKey.Length + 1 + VarintSize((uint)detectorsValueLength) + detectorsValueLength;
        WriteTagAndLength(attributeTag, detectorsLength);
        WriteTagAndLength(KeyValueTag, DetectorsKey.Length);
        WriteBytes(DetectorsKey);
        WriteTagAndLength(ValueTag, detectorsValueLength);
        WriteTagAndLength(StringValueTag, detectorsBytes);
        _written += Encoding.UTF8.GetBytes(detectors, _out.AsSpan(_written));
    }

    /// <summary>Replaces a string field's length and contents, whose contents span [start, end).</summary>
    private void ReplaceText(int start, int end, string text)
    {
        var lengthStart = start - VarintSize((uint)(end - start));
        CopyTo(lengthStart);
        var bytes = Encoding.UTF8.GetByteCount(text);
        Reserve(bytes + 5);
        WriteVarint((uint)bytes);
        _written += Encoding.UTF8.GetBytes(text, _out.AsSpan(_written));
        _copied = end;
    }

    /// <summary>Replaces a message field's length and contents with <paramref name="replacement"/>.</summary>
    private void Replace(int start, int end, byte[] replacement)
    {
        CopyTo(start - VarintSize((uint)(end - start)));
        Reserve(replacement.Length + 5);
        WriteVarint((uint)replacement.Length);
        WriteBytes(replacement);
        _copied = end;
    }

    /// <summary>Leaves out a field whose contents span [start, end), with its one-byte tag and its length.</summary>
    private void Drop(int start, int end)
    {
        CopyTo(start - VarintSize((uint)(end - start)) - 1);
        _copied = end;
    }

    private static byte[] AnyValueOf(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var value = new byte[1 + VarintSize((uint)bytes.Length) + bytes.Length];
        var at = ProtoWriter.WriteTagAndLength(value, StringValueTag, bytes.Length);
        bytes.CopyTo(value, at);
        return value;
    }

    private void CopyTo(int position)
    {
        if (position <= _copied)
        {
            return;
        }

        Reserve(position - _copied);
        _in.AsSpan(_copied, position - _copied).CopyTo(_out.AsSpan(_written));
        _written += position - _copied;
        _copied = position;
    }

    private void Reserve(int bytes)
    {
        if (_out.Length - _written < bytes)
        {
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _written + bytes));
        }
    }

    private void WriteTagAndLength(byte tag, int length) => _written += ProtoWriter.WriteTagAndLength(_out.AsSpan(_written), tag, length);

    private void WriteBytes(byte[] bytes)
    {
        bytes.CopyTo(_out, _written);
        _written += bytes.Length;
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _out[_written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _out[_written++] = (byte)value;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private ReadOnlySpan<char> Transcode(int start, int end)
    {
        if (_text.Length < end - start)
        {
            _text = new char[end - start];
        }

        var length = Encoding.UTF8.GetChars(_in.AsSpan(start, end - start), _text);
        return _text.AsSpan(0, length);
    }

    private (int Field, int Start, int End) Next(ref ProtoReader reader) => BytePreScan.Next(ref reader, _in);

    /// <summary>Keys compared and hashed as UTF-8, so that a key's bytes find its verdict without a string.</summary>
    private sealed class Utf8Keys : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
    {
        public static readonly Utf8Keys Comparer = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string key)
        {
            Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
            return GetHashCode(bytes[..Encoding.UTF8.GetBytes(key, bytes)]);
        }

        public bool Equals(ReadOnlySpan<byte> alternate, string other) =>
            Ascii.IsValid(alternate) ? Ascii.Equals(alternate, other) : Encoding.UTF8.GetString(alternate) == other;

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
    }
}
