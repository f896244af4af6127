using Jaeger.Streaming.Ingester.Redaction.Detectors;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>Scratch state of one <see cref="SpanRedactor.Redact(IList{OpenTelemetry.Proto.Trace.V1.ResourceSpans})"/> call, reused across its values.</summary>
internal sealed class RedactionContext(bool includeKeys, IRedactionCounter? counter)
{
    public IRedactionCounter? Counter { get; } = counter;

    public DetectedRanges Ranges { get; } = new();

    public RedactionTally Tally { get; } = new(includeKeys);
}
