using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// One collector's root-span counts for one bucket, the value of a record on the throughput topic (keyed by the
/// collector). <see cref="BucketStart"/> is the bucket's start in Unix milliseconds.
/// </summary>
internal sealed record ThroughputReport(
    [property: JsonPropertyName("collector")] string Collector,
    [property: JsonPropertyName("bucketStart")] long BucketStart,
    [property: JsonPropertyName("operations")] List<OperationThroughput> Operations)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, SamplingJson.Options);

    /// <summary>The report, or null when the bytes are not one (a foreign or corrupt record is skipped, not fatal).</summary>
    public static ThroughputReport? FromJson(byte[] value) => SamplingJson.TryRead<ThroughputReport>(value);
}

/// <summary>
/// Root spans of one operation in a bucket, and the distinct probabilities their SDKs reported sampling them at
/// (<c>sampler.type=probabilistic</c>, <c>sampler.param</c>); empty when the SDK reports none, as OTel SDKs do.
/// </summary>
internal sealed record OperationThroughput(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("probabilities")] List<double> Probabilities);

/// <summary>
/// The calculated probabilities of one service's operations: the value of a record on the compacted probabilities
/// topic, keyed by the service. <see cref="BucketStart"/> is the bucket they were calculated from.
/// </summary>
internal sealed record ServiceProbabilities(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("bucketStart")] long BucketStart,
    [property: JsonPropertyName("operations")] List<OperationProbabilityState> Operations)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, SamplingJson.Options);

    public static ServiceProbabilities? FromJson(byte[] value) => SamplingJson.TryRead<ServiceProbabilities>(value);
}

/// <summary>An operation's probability, the rate observed in the bucket, and the last bucket it was seen in.</summary>
internal sealed record OperationProbabilityState(
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("probability")] double Probability,
    [property: JsonPropertyName("observedTracesPerSecond")] double ObservedTracesPerSecond,
    [property: JsonPropertyName("lastSeenBucketStart")] long LastSeenBucketStart);

internal static class SamplingJson
{
    public static readonly JsonSerializerOptions Options = new() { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    public static T? TryRead<T>(byte[] value)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(value, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
