using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Decodes the <c>google.rpc.Status</c> fields clients read: code, message, and a RetryInfo delay if present.</summary>
internal static class RpcStatusReader
{
    public static (int Code, string Message, TimeSpan? RetryDelay) Decode(byte[] bytes)
    {
        var (code, message, retryDelay) = (0, "", (TimeSpan?)null);
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    code = input.ReadInt32();
                    break;
                case 2:
                    message = input.ReadString();
                    break;
                case 3:
                    var any = new Any();
                    input.ReadMessage(any);
                    if (any.TypeUrl == "type.googleapis.com/google.rpc.RetryInfo")
                    {
                        var retryInfo = new CodedInputStream(any.Value.ToByteArray());
                        retryInfo.ReadTag();
                        var duration = new Duration();
                        retryInfo.ReadMessage(duration);
                        retryDelay = duration.ToTimeSpan();
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (code, message, retryDelay);
    }
}
