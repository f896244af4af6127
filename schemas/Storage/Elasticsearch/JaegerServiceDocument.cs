using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// Jaeger's service/operation document in <c>jaeger-service-*</c>: <c>serviceName</c> and <c>operationName</c>, plus
/// <c>spanKind</c>, which Jaeger ignores and our operation listing filters on.
/// </summary>
public static class JaegerServiceDocument
{
    /// <summary>Derived from the content, so writing the same pair again overwrites rather than duplicates.</summary>
    public static string Id(string tenant, string service, string operation, string spanKind)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\0{service}\0{operation}\0{spanKind}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static byte[] ToUtf8(string tenant, string service, string operation, string spanKind)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(JaegerSpanDocument.TenantField, tenant);
            json.WriteString("serviceName", service);
            json.WriteString("operationName", operation);
            json.WriteString("spanKind", spanKind);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
