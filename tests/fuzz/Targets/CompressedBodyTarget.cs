using Grpc.Core;
using Grpc.Net.Compression;
using Jaeger.Streaming.Collector;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Receivers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>
/// B1: an OTLP/HTTP body under each Content-Encoding the collector accepts, read as its receiver reads it
/// (<see cref="RequestBody"/>). The body is read, or refused with a status the receiver answers (400 for a body its
/// encoding does not decode, 413 over the limit, 503 over the bytes in flight); nothing escapes as an exception, which
/// the receiver would answer 500. Under a grpc-encoding the OTLP/gRPC receiver takes too, the same bytes as a gRPC
/// message go through its decompression (<see cref="GrpcDecompression"/>), which may only refuse them with an
/// <see cref="RpcException"/> (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE); anything else grpc-dotnet answers
/// UNKNOWN. The first byte of an input picks the encoding, the rest is the body.
/// </summary>
internal sealed class CompressedBodyTarget : FuzzTarget
{
    /// <summary>Small, so a compression bomb meets it within one execution.</summary>
    public const int LimitBytes = 256 * 1024;

    public static readonly string[] Encodings = ["identity", "gzip", "zstd", "deflate", "snappy", "x-snappy-framed", "lz4"];

    private static readonly int[] Answered = [StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable];

    private InFlightBodies? _inFlight;
    private ICompressionProvider[]? _grpc;

    public override string Name => "compressed-body";

    public override string Corpus => SeedCorpus.CompressedBodies;

    public override void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        _inFlight ??= new InFlightBodies(Options.Create(new CollectorOptions { MaxRequestBodyBytes = LimitBytes, MaxRequestBytesInFlight = 4 * LimitBytes }));
        var context = new DefaultHttpContext();
        context.Request.Headers.ContentEncoding = Encodings[input[0] % Encodings.Length];
        context.Request.Body = new MemoryStream(input, 1, input.Length - 1, writable: false);
        using var reservation = _inFlight.Reserve();
        using var body = RequestBody.ReadAsync(context, LimitBytes, reservation).GetAwaiter().GetResult();
        if (Array.IndexOf(Answered, body.StatusCode) < 0 || (body.StatusCode == StatusCodes.Status200OK && body.Bytes.Length > LimitBytes))
        {
            throw new InvalidOperationException($"{context.Request.Headers.ContentEncoding}: answered {body.StatusCode} with {body.Bytes.Length} bytes: {body.Error}");
        }

        var grpc = Array.Find(_grpc ??= GrpcDecompression.Providers(LimitBytes, () => null, () => { }), p => p.EncodingName == context.Request.Headers.ContentEncoding);
        if (grpc is not null)
        {
            DecompressGrpcMessage(grpc, input.AsMemory(1));
        }
    }

    /// <summary>Reads the message as grpc-dotnet does, up to one byte past the limit (where it stops with RESOURCE_EXHAUSTED).</summary>
    private static void DecompressGrpcMessage(ICompressionProvider provider, ReadOnlyMemory<byte> message)
    {
        var buffer = new byte[LimitBytes + 1];
        try
        {
            using var stream = provider.CreateDecompressionStream(new MemoryStream(message.ToArray(), writable: false));
            var read = 0;
            while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var n and > 0)
            {
                read += n;
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.Unavailable)
        {
        }
    }
}
