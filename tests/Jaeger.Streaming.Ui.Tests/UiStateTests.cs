using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>The error states, and the page's layout at a narrow width.</summary>
public sealed class UiStateTests(UiFixture ui)
{
    [Fact]
    public async Task Refused_api_shows_not_authorized_and_the_entered_token_is_sent_as_bearer()
    {
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        var authorizations = new List<string>();
        await page.RouteAsync("**/api/**", async route =>
        {
            var authorization = route.Request.Headers.GetValueOrDefault("authorization", "");
            lock (authorizations)
            {
                authorizations.Add(authorization);
            }

            if (authorization == "Bearer s3cret-token")
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new() { Status = 401, ContentType = "application/json", Body = """{"error":{"httpCode":401,"message":"a bearer token is required"}}""" });
            }
        });

        await browser.GotoAsync("/search?service=inventory&lookback=1h");
        var state = page.Locator("[data-state=unauthorized]").First;
        await Expect(state).ToContainTextAsync("Not authorized");
        await Expect(state).ToContainTextAsync("a bearer token is required");

        await state.GetByRole(AriaRole.Button, new() { Name = "Enter token" }).ClickAsync();
        await Expect(page.GetByLabel("Bearer token for the query API")).ToBeFocusedAsync();
        await page.GetByLabel("Bearer token for the query API").FillAsync("s3cret-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        lock (authorizations)
        {
            Assert.Contains("", authorizations);
            Assert.Contains("Bearer s3cret-token", authorizations);
        }

        browser.AssertOnlyFailedApiLoads("401");
    }

    [Fact]
    public async Task Unreachable_query_service_shows_a_clear_state()
    {
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        await page.RouteAsync("**/api/**", route => route.AbortAsync("connectionrefused"));

        await browser.GotoAsync($"/trace/{ui.Traces.Checkout}");

        await Expect(page.Locator("[data-state=unreachable]")).ToContainTextAsync("Query service unreachable");
        browser.AssertOnlyFailedApiLoads("net::ERR_CONNECTION_REFUSED");
    }

    [Fact]
    public async Task Narrow_window_shows_the_search_the_trace_and_a_comparison_without_horizontal_scrolling()
    {
        await using var browser = await ui.OpenAsync("/search?service=cart&lookback=1h", width: 400, height: 800);
        var page = browser.Page;

        await Expect(page.Locator(".trace-item")).ToHaveCountAsync(2);
        Assert.True(await FitsWidthAsync(page), "the search page is wider than a 400 px window");

        await browser.GotoAsync($"/trace/{ui.Traces.Checkout}?span={SampleTraces.Hex(ui.Traces.Charge.SpanId)}");
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("payment: Charge");
        Assert.True(await FitsWidthAsync(page), "the trace page is wider than a 400 px window");
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["GET /checkout", "call cart", "GetCart", "call payment", "Charge"]);

        await browser.GotoAsync($"/compare?a={ui.Traces.Cart}&b={ui.Traces.Checkout}");
        await Expect(page.Locator(".compare-table tbody tr")).ToHaveCountAsync(7);
        Assert.True(await FitsWidthAsync(page), "the compare page is wider than a 400 px window");
        browser.AssertNoConsoleErrors();
    }

    private static Task<bool> FitsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
