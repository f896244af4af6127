using OpenTelemetry.Trace;

namespace Jaeger.Streaming.Schemas.Telemetry;

/// <summary>
/// Samples new traces by ratio and follows a sampled parent, but never records more than a fixed number of spans in
/// any one second. The cap is what breaks the loop when the pipeline ingests its own spans: each export it receives
/// is itself traced, and without a bound that would grow without end.
/// </summary>
public sealed class CappedSampler : Sampler
{
    private readonly Sampler _ratio;
    private readonly int _maxPerSecond;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _second = long.MinValue;
    private int _recorded;

    public CappedSampler(double ratio, int maxSpansPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSpansPerSecond, 0);
        _ratio = new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio));
        _maxPerSecond = maxSpansPerSecond;
        _time = time;
        Description = $"CappedSampler{{ratio={ratio}, maxSpansPerSecond={maxSpansPerSecond}}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var decision = _ratio.ShouldSample(samplingParameters);
        if (decision.Decision == SamplingDecision.Drop)
        {
            return decision;
        }

        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (second != _second)
            {
                _second = second;
                _recorded = 0;
            }

            if (_recorded >= _maxPerSecond)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            _recorded++;
        }

        return decision;
    }
}
