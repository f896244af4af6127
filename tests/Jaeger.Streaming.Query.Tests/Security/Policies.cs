namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>RBAC settings shared by the security tests: tenants acme and globex, and roles over their services.</summary>
internal static class Policies
{
    /// <summary>
    /// <c>jaeger-admin</c> reads everything of its own tenant; <c>checkout-team</c> reads <c>checkout*</c> in acme;
    /// <c>payments-team</c> reads <c>payments</c> in acme; <c>viewer</c> reads everything in both tenants.
    /// </summary>
    public static Dictionary<string, string?> Rbac() => new()
    {
        ["Query:Authorization:Tenants:0"] = "acme",
        ["Query:Authorization:Tenants:1"] = "globex",
        ["Query:Authorization:AdminRole"] = "jaeger-admin",
        ["Query:Authorization:Roles:checkout-team:Tenants:0"] = "acme",
        ["Query:Authorization:Roles:checkout-team:Services:0"] = "checkout*",
        ["Query:Authorization:Roles:payments-team:Tenants:0"] = "acme",
        ["Query:Authorization:Roles:payments-team:Services:0"] = "payments",
        ["Query:Authorization:Roles:viewer:Tenants:0"] = "acme",
        ["Query:Authorization:Roles:viewer:Tenants:1"] = "globex",
        ["Query:Authorization:Roles:viewer:Services:0"] = "*",
    };

    public static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>One owner-only directory for the test run's token and key files, removed when the run ends.</summary>
    private static readonly Lazy<string> TokenDirectory = new(() =>
    {
        var directory = Directory.CreateTempSubdirectory("jaeger-query-tokens-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    });

    /// <summary>Writes <paramref name="token"/> to a new temporary file and returns its path.</summary>
    public static string TokenFile(string token)
    {
        var path = Path.Combine(TokenDirectory.Value, Guid.NewGuid().ToString("n"));
        File.WriteAllText(path, token + "\n");
        return path;
    }
}
