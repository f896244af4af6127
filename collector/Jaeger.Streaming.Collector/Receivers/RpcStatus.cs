using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// <c>google.rpc.Status</c>, the OTLP error body and the gRPC rich-status trailer, with an optional
/// <c>google.rpc.RetryInfo</c> so clients honour our back-off. The google.rpc protos are not served here,
/// and these three fields are all we need, so we encode them directly.
/// </summary>
internal static class RpcStatus
{
    public const string GrpcDetailsTrailer = "grpc-status-details-bin";
    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>Status { int32 code = 1; string message = 2; repeated Any details = 3; }</summary>
    public static byte[] Encode(Grpc.Core.StatusCode code, string message, TimeSpan retryAfter)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32((int)code);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(message);
        if (retryAfter > TimeSpan.Zero)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(new Any { TypeUrl = RetryInfoTypeUrl, Value = RetryInfo(retryAfter) });
        }

        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>UNAVAILABLE with <c>RetryInfo</c> in the rich-status trailer: every OTLP exporter retries it, honouring the delay.</summary>
    public static Grpc.Core.RpcException Unavailable(string message, TimeSpan retryAfter) => new(
        new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, message),
        new Grpc.Core.Metadata { { GrpcDetailsTrailer, Encode(Grpc.Core.StatusCode.Unavailable, message, retryAfter) } });

    /// <summary>RetryInfo { Duration retry_delay = 1; }</summary>
    private static ByteString RetryInfo(TimeSpan delay)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Duration.FromTimeSpan(delay));
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
