using System.Buffers;
using System.IO.Compression;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using K4os.Compression.LZ4.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// An OTLP/HTTP request body, decompressed if gzip, zstd, deflate (zlib), snappy or lz4, as the OpenTelemetry
/// Collector's exporters send them, read into a pooled buffer no larger than the limit. The limit bounds the
/// decompressed size as well, so a small compression bomb cannot make us allocate more than a large plain body would.
/// Every buffer is covered by the request's <see cref="BodyReservation"/> before it is allocated: a body that does
/// not fit the bytes in flight is refused with 503 and never buffered past that point. A snappy body is read whole,
/// then decompressed into a second buffer (<see cref="SnappyDecompression"/>); the request's reservation counts
/// both until it is answered.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private const int MaxInitialBufferBytes = 4 * 1024 * 1024;
    private const string Lz4EncodingName = "lz4";

    private byte[]? _buffer;
    private int _capacity;
    private int _length;

    private RequestBody(int statusCode, string error)
    {
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>200 when the body was read; otherwise the status to answer with <see cref="Error"/>.</summary>
    public int StatusCode { get; }

    public string Error { get; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    public static async Task<RequestBody> ReadAsync(HttpContext context, long limit, BodyReservation reservation)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        Stream source;
        var encoding = request.Headers.ContentEncoding.ToString();
        var snappy = SnappyDecompression.Handles(encoding);
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) || snappy)
        {
            source = request.Body;
        }
        else if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (encoding.Equals(ZstdDecompression.EncodingName, StringComparison.OrdinalIgnoreCase))
        {
            source = ZstdDecompression.Open(request.Body);
        }
        else if (encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase) || encoding.Equals("zlib", StringComparison.OrdinalIgnoreCase))
        {
            // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2), which is what the OpenTelemetry Collector sends.
            source = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (encoding.Equals(Lz4EncodingName, StringComparison.OrdinalIgnoreCase))
        {
            // The LZ4 frame format, as the OpenTelemetry Collector's lz4 compression writes it.
            source = LZ4Stream.Decode(request.Body, leaveOpen: true);
        }
        else
        {
            return new RequestBody(
                StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send gzip, zstd, deflate, snappy, lz4 or an uncompressed body.");
        }

        // We enforce the limit ourselves; Kestrel's default (30 MB) would otherwise cut in below it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        await using (source.ConfigureAwait(false))
        {
            var body = new RequestBody(StatusCodes.Status200OK, "");
            try
            {
                return await body.FillAsync(source, request.ContentLength, limit, reservation, context.RequestAborted).ConfigureAwait(false) switch
                {
                    Fill.Complete when snappy => body.DecompressSnappy(encoding, limit, reservation),
                    Fill.Complete => body,
                    Fill.TooLarge => Fail(body, TooLarge(limit)),
                    _ => Fail(body, new RequestBody(StatusCodes.Status503ServiceUnavailable, InFlightBodies.RefusalMessage)),
                };
            }
            // K4os's LZ4 decoder reports some damaged frames as an invalid operation, or as a read of a block length
            // its buffer cannot hold.
            catch (Exception e) when (CompressionDamage.Is(e) || (e is InvalidOperationException or ArgumentException && source is LZ4DecoderStream))
            {
                return Fail(body, new RequestBody(
                    StatusCodes.Status400BadRequest, $"The body is not valid {encoding.ToLowerInvariant()}, though Content-Encoding says so: {e.Message}"));
            }
            catch (NotImplementedException e) when (source is LZ4DecoderStream)
            {
                // An LZ4 frame may name a predefined dictionary, which K4os's decoder does not implement and no exporter sends.
                return Fail(body, new RequestBody(
                    StatusCodes.Status400BadRequest, $"The body's lz4 frame uses a feature this collector does not decode ({e.Message}); send lz4 frames without a dictionary."));
            }
            catch (BadHttpRequestException e)
            {
                return Fail(body, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(limit) : new RequestBody(e.StatusCode, $"The request could not be read: {e.Message}"));
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>Reads to the end, unless the body holds more than <paramref name="limit"/> bytes or does not fit the reservation.</summary>
    private async Task<Fill> FillAsync(Stream source, long? contentLength, long limit, BodyReservation reservation, CancellationToken cancellationToken)
    {
        // One byte over the limit tells "exactly at the limit" from "over it". A declared length sizes the first
        // buffer, but only up to a point: the client may be lying.
        var cap = limit + 1;
        var first = (int)Math.Min(cap, Math.Clamp(contentLength.GetValueOrDefault() + 1, InitialBufferBytes, MaxInitialBufferBytes));
        if (!reservation.TryGrowTo(first))
        {
            return Fill.OverInFlightLimit;
        }

        // The pool may hand out a larger array; only the reserved capacity of it is used.
        _buffer = ArrayPool<byte>.Shared.Rent(first);
        _capacity = first;
        while (true)
        {
            var room = _capacity - _length;
            if (room == 0)
            {
                if (_length >= cap)
                {
                    return Fill.TooLarge;
                }

                var size = (int)Math.Min(cap, (long)_capacity * 2);
                if (!reservation.TryGrowTo(size))
                {
                    return Fill.OverInFlightLimit;
                }

                var larger = ArrayPool<byte>.Shared.Rent(size);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
                _capacity = size;
                continue;
            }

            var read = await source.ReadAsync(_buffer.AsMemory(_length, room), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return Fill.Complete;
            }

            _length += read;
        }
    }

    /// <summary>This body, read whole and snappy-compressed, as the body it decompresses to; or the failure to answer with.</summary>
    private RequestBody DecompressSnappy(string encoding, long limit, BodyReservation reservation)
    {
        var length = SnappyDecompression.DecompressedLength(Bytes, encoding);
        if (length > limit)
        {
            return Fail(this, TooLarge(limit));
        }

        var decompressed = new RequestBody(StatusCodes.Status200OK, "");
        if (!reservation.TryAdd(length))
        {
            return Fail(this, new RequestBody(StatusCodes.Status503ServiceUnavailable, InFlightBodies.RefusalMessage));
        }

        decompressed._buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        decompressed._capacity = (int)length;
        decompressed._length = (int)length;
        try
        {
            SnappyDecompression.Decompress(Bytes, encoding, decompressed._buffer.AsSpan(0, (int)length));
        }
        catch
        {
            decompressed.Dispose();
            throw;
        }

        Dispose();
        return decompressed;
    }

    private enum Fill
    {
        Complete,
        TooLarge,
        OverInFlightLimit,
    }

    private static RequestBody TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body exceeds {limit} bytes (after decompression); split it into smaller requests.");

    private static RequestBody Fail(RequestBody partial, RequestBody failure)
    {
        partial.Dispose();
        return failure;
    }
}
