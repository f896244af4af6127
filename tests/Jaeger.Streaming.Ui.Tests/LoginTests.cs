using System.Net.Http.Headers;
using Jaeger.Streaming.Testing.Oidc;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>The all-in-one with the query API behind an OIDC issuer's JWTs, and the UI's login through that issuer.</summary>
public class LoginUiFixture : UiFixture, IAsyncLifetime
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
    public Task Log_in_goes_to_the_issuer_and_back_to_the_same_search_which_then_shows_traces() => LogInFromARefusedSearchAsync(ui);

    /// <summary>The login's round trip from a refused search and back to it, under the fixture's base path.</summary>
    internal static async Task LogInFromARefusedSearchAsync(LoginUiFixture ui)
    {
        var search = $"{ui.BasePath}/search?service=inventory&lookback=1h";
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        await browser.GotoAsync(search);
        var refused = tab.Locator("[data-state=unauthorized]").First;
        await Expect(refused).ToContainTextAsync("Not authorized");

        await refused.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(tab.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        Assert.Equal(ui.BaseUrl + search, tab.Url);
        browser.AssertOnlyFailedApiLoads("401");
    }

    [Fact]
    public async Task An_expired_login_is_renewed_at_the_issuer_and_the_same_search_shows_its_traces()
    {
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        await browser.GotoAsync("/search?service=inventory&lookback=1h");
        await tab.Locator("[data-state=unauthorized]").First.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(tab.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        var expired = ui.Issuer.Token("analyst-alice", ["analyst"], expires: DateTime.UtcNow.AddHours(-1));
        await tab.EvaluateAsync("token => sessionStorage.setItem('jaeger.query.token', token)", expired);
        var logins = CountLogins(tab);

        await browser.GotoAsync("/search?service=inventory&lookback=1h");

        await Expect(tab.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        Assert.Equal($"{ui.BaseUrl}/search?service=inventory&lookback=1h", tab.Url);
        Assert.Equal(1, logins());
        Assert.NotEqual(expired, await tab.EvaluateAsync<string>("() => sessionStorage.getItem('jaeger.query.token')"));
    }

    [Fact]
    public async Task A_renewed_login_refused_again_stops_at_the_log_in_button_instead_of_looping()
    {
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        ui.Issuer.LoginTokenExpires = DateTime.UtcNow.AddHours(-1);
        try
        {
            await browser.GotoAsync("/search?service=inventory&lookback=1h");
            var logins = CountLogins(tab);
            await tab.Locator("[data-state=unauthorized]").First.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

            // The clicked login, then one renewal, which the API refuses too.
            await Expect(tab.Locator("[data-state=unauthorized] .state-title")).ToHaveTextAsync("Not authorized");
            await Expect(tab.Locator("[data-state=unauthorized]").GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            Assert.Equal(2, logins());
            Assert.Equal($"{ui.BaseUrl}/search?service=inventory&lookback=1h", tab.Url);
        }
        finally
        {
            ui.Issuer.LoginTokenExpires = null;
        }
    }

    [Fact]
    public async Task An_expired_token_entered_by_hand_is_not_renewed()
    {
        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        await browser.GotoAsync("/search?service=inventory&lookback=1h");
        var logins = CountLogins(tab);
        await tab.Locator("[data-state=unauthorized]").First.GetByRole(AriaRole.Button, new() { Name = "Enter token" }).ClickAsync();
        await tab.Locator("#token-value").FillAsync(ui.Issuer.Token("analyst-alice", ["analyst"], expires: DateTime.UtcNow.AddHours(-1)));
        await tab.Locator("#token-value").PressAsync("Enter");

        await Expect(tab.Locator("[data-state=unauthorized]")).ToContainTextAsync("expired");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Equal(0, logins());
    }

    /// <summary>Counts the tab's visits to the issuer's authorization endpoint from now on.</summary>
    private static Func<int> CountLogins(IPage tab)
    {
        var count = 0;
        tab.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Url.Contains("/protocol/openid-connect/auth", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        };
        return () => Volatile.Read(ref count);
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
