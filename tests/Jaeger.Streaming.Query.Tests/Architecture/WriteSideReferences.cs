using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Tests.Architecture;

/// <summary>
/// The B3 rule, checked on compiled metadata rather than on source, so no path around it (a new project reference, a
/// package, a type forwarded through another assembly) goes unseen. Write side means:
/// <list type="bullet">
/// <item>referencing an assembly of the ingester or the collector, or Confluent.Kafka (the query service has no Kafka access);</item>
/// <item>referencing <see cref="ITraceWriter"/>, or any type in an ingester, collector or Confluent.Kafka namespace;</item>
/// <item>defining a type that implements <see cref="ITraceWriter"/>.</item>
/// </list>
/// SQLite is allowed, because the embedded reader opens it read-only (checked at run time by <see cref="ReadOnlyArchitectureTests"/>).
/// </summary>
internal static class WriteSideReferences
{
    private static readonly string[] ForbiddenPrefixes = ["Jaeger.Streaming.Ingester", "Jaeger.Streaming.Collector", "Confluent.Kafka"];

    public static IReadOnlyList<string> In(Assembly assembly)
    {
        var found = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (IsForbidden(reference.Name))
            {
                found.Add($"references assembly {reference.Name}");
            }
        }

        using var file = File.OpenRead(assembly.Location);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.TypeReferences)
        {
            var name = FullName(metadata, handle);
            if (name == typeof(ITraceWriter).FullName || IsForbidden(name))
            {
                found.Add($"uses type {name}");
            }
        }

        foreach (var type in assembly.GetTypes())
        {
            if (typeof(ITraceWriter).IsAssignableFrom(type))
            {
                found.Add($"defines {type.FullName}, an {nameof(ITraceWriter)}");
            }
        }

        return found;
    }

    private static bool IsForbidden(string? name) =>
        name is not null && ForbiddenPrefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>Namespace-qualified name; a nested type takes its namespace from the outermost type.</summary>
    private static string FullName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? FullName(metadata, (TypeReferenceHandle)type.ResolutionScope) + "+" + name
            : metadata.GetString(type.Namespace) + "." + name;
    }
}
