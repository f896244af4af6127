using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jaeger.Streaming.Sbom;

/// <summary>
/// A CycloneDX 1.5 JSON bill of materials for one deployable, built from its lock file so it lists exactly what
/// a locked restore installs, with the SHA-512 that NuGet verifies.
/// </summary>
public static class CycloneDxBom
{
    public static JsonObject Create(string deployable, string version, IReadOnlyList<LockedPackage> packages, DateTimeOffset timestamp)
    {
        var sorted = packages.DistinctBy(p => p.Purl).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var byName = sorted.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var root = $"{deployable}@{version}";

        var components = new JsonArray();
        var dependencies = new JsonArray
        {
            Dependency(root, sorted.Select(p => p.Purl)),
        };
        foreach (var package in sorted)
        {
            components.Add(new JsonObject
            {
                ["type"] = "library",
                ["bom-ref"] = package.Purl,
                ["name"] = package.Name,
                ["version"] = package.Version,
                ["purl"] = package.Purl,
                ["hashes"] = new JsonArray(new JsonObject
                {
                    ["alg"] = "SHA-512",
                    ["content"] = Convert.ToHexStringLower(Convert.FromBase64String(package.ContentHashSha512Base64)),
                }),
            });
            dependencies.Add(Dependency(
                package.Purl,
                package.Dependencies.Where(byName.ContainsKey).Select(name => byName[name].Purl)));
        }

        return new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.5",
            // Derived from the content, so the same lock files always give the same document.
            ["serialNumber"] = $"urn:uuid:{ContentUuid(root, sorted)}",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["component"] = new JsonObject
                {
                    ["type"] = "application",
                    ["bom-ref"] = root,
                    ["name"] = deployable,
                    ["version"] = version,
                },
            },
            ["components"] = components,
            ["dependencies"] = dependencies,
        };
    }

    private static JsonObject Dependency(string reference, IEnumerable<string> dependsOn) => new()
    {
        ["ref"] = reference,
        ["dependsOn"] = new JsonArray(dependsOn.Order(StringComparer.Ordinal).Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
    };

    private static Guid ContentUuid(string root, IEnumerable<LockedPackage> packages)
    {
        var text = new StringBuilder(root);
        foreach (var package in packages)
        {
            text.Append('\n').Append(package.Purl).Append(' ').Append(package.ContentHashSha512Base64);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 9562 name-based layout: version and variant bits
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static string Serialize(JsonObject bom) => bom.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
