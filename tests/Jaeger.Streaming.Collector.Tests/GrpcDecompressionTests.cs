using System.IO.Compression;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Receivers;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// The OTLP/gRPC receiver's decompression holds what it decompresses against the bytes in flight as it goes: a
/// message that inflates past what the budget can still hold is refused part-way, not once it sits whole in memory.
/// </summary>
public sealed class GrpcDecompressionTests
{
    private const int Budget = 256 * 1024;
    private const int Inflated = 4 * 1024 * 1024;

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("snappy")]
    public void A_message_inflating_past_the_budget_is_refused_with_UNAVAILABLE_before_it_is_all_read(string encoding)
    {
        var bodies = new InFlightBodies(Options.Create(new CollectorOptions { MaxRequestBodyBytes = 64 << 20, MaxRequestBytesInFlight = Budget }));
        using var reservation = bodies.Reserve();
        var refusals = 0;
        var provider = Array.Find(GrpcDecompression.Providers(64 << 20, () => reservation, () => refusals++), p => p.EncodingName == encoding)!;
        var compressed = Compressed(provider, new byte[Inflated]);

        long read = 0;
        var error = Assert.Throws<RpcException>(() =>
        {
            using var decompressing = provider.CreateDecompressionStream(new MemoryStream(compressed));
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = decompressing.Read(buffer)) > 0)
            {
                read += n;
            }
        });

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("MaxRequestBytesInFlight", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(read <= Budget, $"{read} bytes were handed on before the refusal");
        Assert.Equal(1, refusals);
        Assert.True(reservation.HeldBytes <= Budget);
    }

    [Fact]
    public void A_message_within_the_budget_is_read_whole_and_held()
    {
        var bodies = new InFlightBodies(Options.Create(new CollectorOptions { MaxRequestBodyBytes = 64 << 20, MaxRequestBytesInFlight = Budget }));
        using var reservation = bodies.Reserve();
        var provider = Array.Find(GrpcDecompression.Providers(64 << 20, () => reservation, () => { }), p => p.EncodingName == "gzip")!;
        var compressed = Compressed(provider, new byte[100_000]);

        using var decompressing = provider.CreateDecompressionStream(new MemoryStream(compressed));
        using var whole = new MemoryStream();
        decompressing.CopyTo(whole);

        Assert.Equal(100_000, whole.Length);
        Assert.Equal(100_000, reservation.HeldBytes);
    }

    private static byte[] Compressed(Grpc.Net.Compression.ICompressionProvider provider, byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var compressing = provider.CreateCompressionStream(buffer, CompressionLevel.Fastest))
        {
            compressing.Write(bytes);
        }

        return buffer.ToArray();
    }
}
