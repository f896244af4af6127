using Jaeger.Streaming.Testing.Oidc;

namespace Jaeger.Streaming.Query.Tests.Security;

internal static class TestIssuerSettings
{
    /// <summary>Settings for the query's JWT authentication against <paramref name="issuer"/>'s discovery document.</summary>
    public static Dictionary<string, string?> Settings(this TestIssuer issuer, string mode = "jwt") => new()
    {
        ["Query:Authentication:Mode"] = mode,
        ["Query:Authentication:Jwt:Authority"] = issuer.Authority,
        ["Query:Authentication:Jwt:AllowHttpMetadata"] = "true",
        ["Query:Authentication:Jwt:Audience"] = TestIssuer.Audience,
    };
}
