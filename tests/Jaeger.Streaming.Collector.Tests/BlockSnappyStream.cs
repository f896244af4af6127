namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Collects what is written and, when disposed, writes it to the target as one snappy block (the format "snappy" names in HTTP).</summary>
internal sealed class BlockSnappyStream(Stream target) : MemoryStream
{
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            target.Write(Snappier.Snappy.CompressToArray(ToArray()));
        }

        base.Dispose(disposing);
    }
}
