using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>
/// RFC 3339 timestamps, as Go's <c>time.RFC3339Nano</c> writes them: <c>2024-05-01T12:00:00.123456789Z</c> or with an offset.
/// .NET's own parsing stops at 7 fractional digits and accepts non-RFC forms, hence this parser.
/// Digits beyond 100 ns are truncated.
/// </summary>
internal static partial class Rfc3339
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var ticks = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        var zone = match.Groups["zone"].Value;
        if (zone is not ("Z" or "z"))
        {
            offset = new TimeSpan(Int(match, "zh"), Int(match, "zm"), 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }

        try
        {
            time = new DateTimeOffset(Int(match, "year"), Int(match, "month"), Int(match, "day"), Int(match, "hour"), Int(match, "minute"), Int(match, "second"), offset)
                .AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Out-of-range fields such as month 13 or an offset beyond ±14h.
            return false;
        }
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(\.(?<fraction>\d{1,9}))?(?<zone>[Zz]|[+-](?<zh>\d{2}):(?<zm>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
