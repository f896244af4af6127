using System.Diagnostics.CodeAnalysis;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, which Jaeger clients send: a sequence of decimal numbers with units,
/// such as <c>4500ns</c>, <c>1.5ms</c>, <c>2s</c>, <c>1m30s</c>, <c>1h</c>; <c>us</c>, <c>µs</c> and <c>μs</c> are microseconds.
/// Precision is that of <see cref="TimeSpan"/> (100 ns); finer digits are truncated.
/// </summary>
internal static class GoDuration
{
    private const long NanosPerTick = 100;

    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        // Go accepts a bare zero without a unit, and nothing else without one.
        if (s is "0")
        {
            duration = TimeSpan.Zero;
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            var number = s[..numberLength];
            if (number.IsEmpty || number is "." || number.Count('.') > 1)
            {
                return false;
            }

            var unitLength = 0;
            while (numberLength + unitLength < s.Length && !char.IsAsciiDigit(s[numberLength + unitLength]) && s[numberLength + unitLength] != '.')
            {
                unitLength++;
            }

            if (UnitNanos(s.Slice(numberLength, unitLength)) is not { } unit
                || !decimal.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            try
            {
                totalNanos += value * unit;
            }
            catch (OverflowException)
            {
                return false;
            }

            s = s[(numberLength + unitLength)..];
        }

        var ticks = decimal.Truncate(totalNanos / NanosPerTick);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    private static long? UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => null,
    };
}
