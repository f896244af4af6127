using System.Net.Http.Headers;
using Jaeger.Streaming.Testing.Oidc;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>The all-in-one with the query API behind an OIDC issuer's JWTs, and the UI's login through that issuer.</summary>
public sealed class LoginUiFixture : UiFixture, IAsyncLifetime
{
    public TestIssuer Issuer { get; } = new();

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Issuer.InitializeAsync();
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await Issuer.DisposeAsync();
    }

    protected override IEnumerable<string> QueryArguments(string dataDir) =>
    [
        "--Query:Authentication:Mode=jwt",
        $"--Query:Authentication:Jwt:Authority={Issuer.Authority}",
        "--Query:Authentication:Jwt:AllowHttpMetadata=true",
        $"--Query:Authentication:Jwt:Audience={TestIssuer.Audience}",
        $"--Query:Ui:Login:ClientId={TestIssuer.ClientId}",
        "--Query:Authorization:Roles:analyst:Tenants:0=default",
        "--Query:Authorization:Roles:analyst:Services:0=*",
    ];

    protected override void Authorize(HttpClient http) =>
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Token("seeder", ["analyst"]));
}

public sealed class LoginTests(LoginUiFixture ui) : IClassFixture<LoginUiFixture>
{
    [Fact]
    public async Task Log_in_goes_to_the_issuer_and_back_to_the_same_search_which_then_shows_traces()
    {
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        await browser.GotoAsync("/search?service=inventory&lookback=1h");
        var refused = tab.Locator("[data-state=unauthorized]").First;
        await Expect(refused).ToContainTextAsync("Not authorized");

        await refused.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(tab.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        Assert.Equal($"{ui.BaseUrl}/search?service=inventory&lookback=1h", tab.Url);
        browser.AssertOnlyFailedApiLoads("401");
    }

    [Fact]
    public async Task A_callback_that_this_tab_did_not_start_is_refused_and_offers_to_log_in_again()
    {
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;

        await browser.GotoAsync("/login-callback?code=stolen&state=forged");

        var refused = tab.Locator("[data-state=unauthorized]").First;
        await Expect(refused).ToContainTextAsync("This login was not started from this tab");
        await Expect(refused.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        browser.AssertNoConsoleErrors();
    }
}
