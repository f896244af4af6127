using OpenTelemetry.Proto.Resource.V1;

namespace Jaeger.Streaming.Query.Traces;

/// <summary>The service a resource describes, by its <c>service.name</c> attribute.</summary>
internal static class ServiceName
{
    public const string AttributeKey = "service.name";

    /// <summary>The OpenTelemetry SDK default for a resource without a name, so such spans still show under a service.</summary>
    public const string Unknown = "unknown_service";

    public static string Of(Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == AttributeKey && attribute.Value?.StringValue is { Length: > 0 } name)
                {
                    return name;
                }
            }
        }

        return Unknown;
    }
}
