using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>The all-in-one with the query API behind static API tokens and RBAC, as in production.</summary>
public sealed class AuthenticatedUiFixture : UiFixture
{
    public const string Token = "ui-test-token-0123456789abcdef0123456789abcdef";

    protected override IEnumerable<string> QueryArguments(string dataDir)
    {
        var tokenPath = Path.Combine(dataDir, "analyst.token");
        File.WriteAllText(tokenPath, Token);
        return
        [
            "--Query:Authentication:Mode=tokens",
            "--Query:Authentication:Tokens:0:Name=analyst",
            $"--Query:Authentication:Tokens:0:TokenPath={tokenPath}",
            "--Query:Authentication:Tokens:0:Roles:0=analyst",
            "--Query:Authorization:Roles:analyst:Tenants:0=default",
            "--Query:Authorization:Roles:analyst:Services:0=*",
        ];
    }

    protected override void Authorize(HttpClient http) =>
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
}

public sealed class AuthenticatedUiTests(AuthenticatedUiFixture ui) : IClassFixture<AuthenticatedUiFixture>
{
    [Fact]
    public async Task Ui_loads_without_a_token_and_shows_traces_once_the_real_api_accepts_the_entered_one()
    {
        using (var anonymous = new HttpClient { BaseAddress = new Uri(ui.BaseUrl) })
        {
            using var page = await anonymous.GetAsync("/search", TestContext.Current.CancellationToken);
            using var api = await anonymous.GetAsync("/api/v3/services", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        await using var browser = await ui.OpenAsync();
        var tab = browser.Page;
        await browser.GotoAsync("/search?service=inventory&lookback=1h");
        await Expect(tab.Locator("[data-state=unauthorized]").First).ToContainTextAsync("Not authorized");

        await tab.Locator("[data-state=unauthorized]").First.GetByRole(AriaRole.Button, new() { Name = "Enter token" }).ClickAsync();
        await tab.GetByLabel("Bearer token for the query API").FillAsync(AuthenticatedUiFixture.Token);
        await tab.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(tab.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        browser.AssertOnlyFailedApiLoads("401");
    }
}
