namespace Jaeger.Streaming.Schemas.Kafka;

internal static class CanonicalName
{
    // .NET configuration is case-insensitive elsewhere, so `sasl_ssl` is accepted and treated as `SASL_SSL`.
    public static string? Find(string[] known, string? value) =>
        Array.Find(known, k => string.Equals(k, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
