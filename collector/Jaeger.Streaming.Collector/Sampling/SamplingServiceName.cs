namespace Jaeger.Streaming.Collector.Sampling;

/// <summary>The service name a sampler asks about, checked the same way on the HTTP and the gRPC endpoint.</summary>
internal static class SamplingServiceName
{
    /// <summary>Longer names are not service names an SDK sends; refusing them keeps lookups and logs bounded.</summary>
    public const int MaxLength = 256;

    /// <summary>What is wrong with <paramref name="service"/>, in a sentence that starts with <paramref name="parameter"/>; null when nothing is.</summary>
    public static string? Problem(string service, string parameter)
    {
        if (string.IsNullOrWhiteSpace(service))
        {
            return $"{parameter} is empty; give the service.name the SDK reports.";
        }

        if (service.Length > MaxLength)
        {
            return $"{parameter} is {service.Length} characters long; service names are at most {MaxLength}.";
        }

        foreach (var c in service)
        {
            if (char.IsControl(c))
            {
                return $"{parameter} contains a control character; send the service name as the SDK reports it.";
            }
        }

        return null;
    }
}
