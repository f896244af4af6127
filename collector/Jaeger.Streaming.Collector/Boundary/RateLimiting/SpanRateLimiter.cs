using System.Threading.RateLimiting;
using Jaeger.Streaming.Collector.Pipeline;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>
/// Token buckets of spans per <c>service.name</c>, per tenant and overall, on System.Threading.RateLimiting's
/// partitioned limiters (which replenish on one shared timer and drop idle buckets). A request over any bucket is
/// refused whole, so an SDK's retry never duplicates a half-accepted batch; tokens already taken by the request's
/// other services stay spent, which only errs towards throttling.
/// </summary>
internal sealed class SpanRateLimiter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string>? _global;
    private readonly PartitionedRateLimiter<string>? _services;
    private readonly PartitionedRateLimiter<string>? _tenants;
    private readonly TrackedKeys _serviceKeys;
    private readonly TrackedKeys _tenantKeys;

    public SpanRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _serviceKeys = new TrackedKeys(_options.MaxTrackedServices, time);
        _tenantKeys = new TrackedKeys(_options.MaxTrackedServices, time);
        _global = _options.Global.IsLimited ? Partitioned(_ => _options.Global) : null;
        _services = AnyLimited(_options.PerService, _options.Services) ? Partitioned(QuotaOfService) : null;
        _tenants = AnyLimited(_options.PerTenant, _options.Tenants) ? Partitioned(QuotaOfTenant) : null;
    }

    public bool IsEnabled => _global is not null || _services is not null || _tenants is not null;

    /// <summary>Takes the request's spans from its services', its tenant's and the global buckets, or says which is empty.</summary>
    public Throttle Acquire(SpanCensus census, string tenant)
    {
        if (!IsEnabled)
        {
            return Throttle.None;
        }

        var total = 0;
        foreach (var (service, spans) in census.SpansPerService)
        {
            total += spans;
            if (_services is not null)
            {
                var key = _serviceKeys.Admit(service);
                var refusal = Take(_services, ThrottleLimit.Service, key, QuotaOfService(key), spans, $"service '{Shown(service)}'", LimitKey("Services", "PerService", _options.Services, key));
                if (refusal.Refused)
                {
                    return refusal;
                }
            }
        }

        if (total == 0)
        {
            return Throttle.None;
        }

        if (_tenants is not null && tenant.Length > 0)
        {
            var key = _tenantKeys.Admit(tenant);
            var refusal = Take(_tenants, ThrottleLimit.Tenant, key, QuotaOfTenant(key), total, $"tenant '{Shown(tenant)}'", LimitKey("Tenants", "PerTenant", _options.Tenants, key));
            if (refusal.Refused)
            {
                return refusal;
            }
        }

        return _global is null ? Throttle.None : Take(_global, ThrottleLimit.Global, "", _options.Global, total, "the collector", $"{RateLimitOptions.Section}:Global");
    }

    public void Dispose()
    {
        _global?.Dispose();
        _services?.Dispose();
        _tenants?.Dispose();
    }

    private static Throttle Take(PartitionedRateLimiter<string> limiter, ThrottleLimit limit, string key, SpanQuota quota, int spans, string who, string setting)
    {
        if (!quota.IsLimited)
        {
            return Throttle.None;
        }

        // A request larger than the bucket empties it rather than being refused forever.
        using var lease = limiter.AttemptAcquire(key, Math.Min(spans, quota.BucketSize));
        if (lease.IsAcquired)
        {
            return Throttle.None;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > Period ? wait : Period;
        var seconds = Math.Ceiling(retryAfter.TotalSeconds);
        return new Throttle(
            true,
            $"Rate limit exceeded for {who}: {quota.SpansPerSecond} spans/s, burst {quota.BucketSize} ({setting}); nothing of this request was accepted, retry after {seconds} s.",
            TimeSpan.FromSeconds(seconds),
            limit,
            key);
    }

    private SpanQuota QuotaOfService(string key) =>
        _options.Services.TryGetValue(key, out var quota) ? quota : _options.PerService;

    private SpanQuota QuotaOfTenant(string key) =>
        _options.Tenants.TryGetValue(key, out var quota) ? quota : _options.PerTenant;

    private static PartitionedRateLimiter<string> Partitioned(Func<string, SpanQuota> quotaOf) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            var quota = quotaOf(k);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, quota.BucketSize),
                TokensPerPeriod = Math.Max(1, quota.SpansPerSecond),
                ReplenishmentPeriod = Period,
                QueueLimit = 0,
            };
        }));

    private static bool AnyLimited(SpanQuota defaults, Dictionary<string, SpanQuota> overrides)
    {
        if (defaults.IsLimited)
        {
            return true;
        }

        foreach (var quota in overrides.Values)
        {
            if (quota.IsLimited)
            {
                return true;
            }
        }

        return false;
    }

    private static string LimitKey(string overrides, string defaults, Dictionary<string, SpanQuota> table, string key) =>
        table.ContainsKey(key) ? $"{RateLimitOptions.Section}:{overrides}:{key}" : $"{RateLimitOptions.Section}:{defaults}";

    private static string Shown(string name) => name.Length <= 100 ? name : string.Concat(name.AsSpan(0, 100), "…");
}
