using System.Globalization;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// The proto3 JSON forms of <c>google.protobuf.Timestamp</c> (<c>2024-05-01T12:00:00.000001500Z</c>) and
/// <c>google.protobuf.Duration</c> (<c>0.001500s</c>), with 0, 3, 6 or 9 fractional digits, so API v3 speaks
/// one JSON dialect throughout.
/// </summary>
internal static class ProtoJsonTime
{
    private const ulong NanosPerSecond = 1_000_000_000;

    public static string Timestamp(ulong unixNanos)
    {
        var seconds = DateTimeOffset.FromUnixTimeSeconds((long)(unixNanos / NanosPerSecond));
        return seconds.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(unixNanos % NanosPerSecond) + "Z";
    }

    public static string Duration(ulong nanos) =>
        (nanos / NanosPerSecond).ToString(CultureInfo.InvariantCulture) + Fraction(nanos % NanosPerSecond) + "s";

    private static string Fraction(ulong nanos) => nanos switch
    {
        0 => "",
        _ when nanos % 1_000_000 == 0 => "." + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture),
        _ when nanos % 1_000 == 0 => "." + (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture),
        _ => "." + nanos.ToString("D9", CultureInfo.InvariantCulture),
    };
}
