using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing.Oidc;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// One query service with JWT and static-token authentication, the <see cref="Policies.Rbac"/> policy, and
/// <see cref="TenantTraces"/> written under tenants acme and globex.
/// </summary>
public sealed class SecuredQuery : IAsyncLifetime
{
    public const string CiToken = "ci-bot-token-0123456789abcdef0123456789";

    public TestIssuer Issuer { get; } = new();

    public TenantTraces Traces { get; } = new();

    public QueryHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Issuer.InitializeAsync();
        Host = await QueryHost.StartAsync(
            Policies.Merge(Policies.Rbac(), Issuer.Settings("jwt,tokens"), new()
            {
                ["Query:Authentication:Tokens:0:Name"] = "ci-bot",
                ["Query:Authentication:Tokens:0:TokenPath"] = Policies.TokenFile(CiToken),
                ["Query:Authentication:Tokens:0:Tenant"] = "acme",
                ["Query:Authentication:Tokens:0:Roles:0"] = "checkout-team",
            }),
            Traces.ByTenant);
    }

    /// <summary>The bearer token of a named test user: admin, checkout, payments, nobody (acme), globex-viewer, or ci-bot (static).</summary>
    public string TokenOf(string user) => user switch
    {
        "admin" => Issuer.Token("root", ["jaeger-admin"], "acme"),
        "checkout" => Issuer.Token("carol", ["checkout-team"], "acme"),
        "payments" => Issuer.Token("paul", ["payments-team"], "acme"),
        "nobody" => Issuer.Token("nick", ["intern"], "acme"),
        "globex-viewer" => Issuer.Token("gina", ["viewer"], "globex"),
        "acme-viewer" => Issuer.Token("alex", ["viewer"], "acme"),
        "ci-bot" => CiToken,
        _ => throw new ArgumentOutOfRangeException(nameof(user), user, "no such test user"),
    };

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
