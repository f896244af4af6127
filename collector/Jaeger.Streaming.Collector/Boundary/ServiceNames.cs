using OpenTelemetry.Proto.Resource.V1;

namespace Jaeger.Streaming.Collector.Boundary;

/// <summary>The <c>service.name</c> of a resource, as quotas and credentials see it.</summary>
internal static class ServiceNames
{
    /// <summary>What the OTel semantic conventions call a resource without <c>service.name</c>.</summary>
    public const string Unknown = "unknown_service";

    /// <summary>The resource attribute naming the service.</summary>
    public const string Attribute = "service.name";

    public static string Of(Resource? resource)
    {
        if (resource is not null)
        {
            var attributes = resource.Attributes;
            for (var i = 0; i < attributes.Count; i++)
            {
                if (attributes[i].Key == Attribute && attributes[i].Value is { } value)
                {
                    return value.StringValue;
                }
            }
        }

        return Unknown;
    }
}
