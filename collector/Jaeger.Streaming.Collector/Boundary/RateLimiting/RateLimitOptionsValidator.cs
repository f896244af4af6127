using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Global", options.Global);
        Check(failures, "PerService", options.PerService);
        Check(failures, "PerTenant", options.PerTenant);
        foreach (var (service, quota) in options.Services)
        {
            Check(failures, $"Services:{service}", quota);
        }

        foreach (var (tenant, quota) in options.Tenants)
        {
            Check(failures, $"Tenants:{tenant}", quota);
        }

        if (options.MaxTrackedServices < 1)
        {
            failures.Add($"{RateLimitOptions.Section}:MaxTrackedServices {options.MaxTrackedServices} must be at least 1 (the default is 10000).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, SpanQuota quota)
    {
        if (quota.SpansPerSecond < 0)
        {
            failures.Add($"{RateLimitOptions.Section}:{key}:SpansPerSecond {quota.SpansPerSecond} is negative; use a positive rate, or 0 for no limit.");
        }

        if (quota.Burst < 0)
        {
            failures.Add($"{RateLimitOptions.Section}:{key}:Burst {quota.Burst} is negative; use a positive bucket size, or 0 for one second's worth of SpansPerSecond.");
        }
    }
}
