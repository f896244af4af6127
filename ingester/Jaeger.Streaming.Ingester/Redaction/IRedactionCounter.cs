namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>Told how many values each detector or rule redacted, so operators can watch redaction without reading spans.</summary>
internal interface IRedactionCounter
{
    void Redacted(string detector, int values);
}
