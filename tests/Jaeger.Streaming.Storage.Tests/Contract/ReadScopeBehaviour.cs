using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Storage.Tests.Contract;

/// <summary>Read scopes and tenant names as the query service builds them.</summary>
public sealed class ReadScopeBehaviour
{
    [Fact]
    public void The_default_scope_reads_the_default_tenant_with_every_service()
    {
        Assert.Equal(TenantName.Default, ReadScope.Default.Tenant);
        Assert.True(ReadScope.Default.PermitsAllServices);
        Assert.True(ReadScope.Default.Permits("anything"));
    }

    [Fact]
    public void A_star_among_the_patterns_permits_every_service()
    {
        var scope = ReadScope.ServicesOf("acme", [ServicePattern.Parse("billing"), ServicePattern.Any]);

        Assert.True(scope.PermitsAllServices);
        Assert.Equal("acme", scope.Tenant);
    }

    [Fact]
    public void No_patterns_permit_nothing()
    {
        var scope = ReadScope.ServicesOf("acme", []);

        Assert.True(scope.PermitsNoService);
        Assert.False(scope.Permits("billing"));
        Assert.False(scope.Permits(""));
    }

    [Fact]
    public void A_service_is_permitted_when_any_pattern_matches_it()
    {
        var scope = ReadScope.ServicesOf("acme", [ServicePattern.Parse("billing"), ServicePattern.Parse("checkout-*")]);

        Assert.True(scope.Permits("billing"));
        Assert.True(scope.Permits("checkout-web"));
        Assert.False(scope.Permits("billing-internal"));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("acme", true)]
    [InlineData("team-7_eu", true)]
    [InlineData("7eleven", true)]
    [InlineData("Acme", false)]
    [InlineData("acme corp", false)]
    [InlineData("-acme", false)]
    [InlineData("_acme", false)]
    [InlineData("acme.eu", false)]
    [InlineData("acme*", false)]
    [InlineData("acme/eu", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Tenant_names_are_lowercase_letters_digits_dashes_and_underscores(string? name, bool valid) =>
        Assert.Equal(valid, TenantName.IsValid(name));

    [Fact]
    public void Tenant_names_are_at_most_64_characters()
    {
        Assert.True(TenantName.IsValid(new string('a', 64)));
        Assert.False(TenantName.IsValid(new string('a', 65)));
    }

    [Fact]
    public void A_scope_of_an_invalid_tenant_is_refused_with_the_rule()
    {
        var error = Assert.Throws<ArgumentException>(() => ReadScope.AllServicesOf("Acme Corp"));

        Assert.Contains(TenantName.Rule, error.Message, StringComparison.Ordinal);
    }
}
