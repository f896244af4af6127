using System.Security.Claims;
using System.Text.Json;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// Reads a claim by name, or by a dotted path into an object claim (Keycloak's <c>realm_access.roles</c>): a claim
/// named exactly as the path wins, so names that contain dots still work.
/// </summary>
internal static class ClaimPath
{
    public static IReadOnlyList<string> Values(ClaimsPrincipal principal, string path)
    {
        var direct = principal.FindAll(path).Select(c => c.Value).Where(v => v.Length > 0).ToList();
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (direct.Count > 0 || dot <= 0 || principal.FindFirst(path[..dot]) is not { } parent)
        {
            return direct;
        }

        try
        {
            using var json = JsonDocument.Parse(parent.Value);
            var node = json.RootElement;
            foreach (var step in path[(dot + 1)..].Split('.'))
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
                {
                    return [];
                }
            }

            return node.ValueKind switch
            {
                JsonValueKind.String => [node.GetString()!],
                JsonValueKind.Array => [.. node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
                _ => [],
            };
        }
        catch (JsonException)
        {
            // The parent claim is a plain string, not an object: the path names nothing.
            return [];
        }
    }
}
