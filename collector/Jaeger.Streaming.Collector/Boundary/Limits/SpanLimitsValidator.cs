using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Limits;

internal sealed class SpanLimitsValidator : IValidateOptions<SpanLimits>
{
    public ValidateOptionsResult Validate(string? name, SpanLimits options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(SpanLimits.MaxSpansPerRequest), options.MaxSpansPerRequest, "50000");
        Positive(failures, nameof(SpanLimits.MaxAttributesPerSpan), options.MaxAttributesPerSpan, "256");
        Positive(failures, nameof(SpanLimits.MaxAttributesPerResource), options.MaxAttributesPerResource, "256");
        Positive(failures, nameof(SpanLimits.MaxAttributesPerScope), options.MaxAttributesPerScope, "256");
        Positive(failures, nameof(SpanLimits.MaxAttributesPerEvent), options.MaxAttributesPerEvent, "128");
        Positive(failures, nameof(SpanLimits.MaxAttributesPerLink), options.MaxAttributesPerLink, "128");
        Positive(failures, nameof(SpanLimits.MaxEventsPerSpan), options.MaxEventsPerSpan, "1024");
        Positive(failures, nameof(SpanLimits.MaxLinksPerSpan), options.MaxLinksPerSpan, "1024");
        Positive(failures, nameof(SpanLimits.MaxAttributeKeyLength), options.MaxAttributeKeyLength, "256");
        Positive(failures, nameof(SpanLimits.MaxAttributeValueLength), options.MaxAttributeValueLength, "16384");
        Positive(failures, nameof(SpanLimits.MaxSpanNameLength), options.MaxSpanNameLength, "1024");
        NotNegative(failures, nameof(SpanLimits.MaxSpanAge), options.MaxSpanAge, "7.00:00:00");
        NotNegative(failures, nameof(SpanLimits.MaxFutureSkew), options.MaxFutureSkew, "01:00:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, int value, string defaultValue)
    {
        if (value < 1)
        {
            failures.Add($"{SpanLimits.Section}:{key} {value} must be at least 1; set a positive limit (the default is {defaultValue}).");
        }
    }

    private static void NotNegative(List<string> failures, string key, TimeSpan value, string example)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{SpanLimits.Section}:{key} {value} is negative; use a duration such as {example}, or 00:00:00 to turn the check off.");
        }
    }
}
