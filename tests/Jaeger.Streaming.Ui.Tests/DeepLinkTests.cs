using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class DeepLinkTests(UiFixture ui)
{
    private SampleTraces Traces => ui.Traces;

    [Fact]
    public async Task Opening_a_search_url_directly_fills_the_form_and_shows_its_results()
    {
        await using var browser = await ui.OpenAsync("/search?service=frontend&operation=GET%20%2Fcart&attr=user.tier%3Dsilver&lookback=6h&minDuration=1ms&limit=5");
        var page = browser.Page;

        await Expect(page.Locator(".trace-item")).ToHaveCountAsync(1);
        await Expect(page.Locator(".trace-item")).ToHaveAttributeAsync("data-trace-id", Traces.Cart.ToString());
        await Expect(page.Locator("#search-service")).ToHaveValueAsync("frontend");
        await Expect(page.Locator("#search-operation")).ToHaveValueAsync("GET /cart");
        await Expect(page.Locator("#search-attributes")).ToHaveValueAsync("user.tier=silver");
        await Expect(page.Locator("#search-lookback")).ToHaveValueAsync("6h");
        await Expect(page.Locator("#search-min-duration")).ToHaveValueAsync("1ms");
        await Expect(page.Locator("#search-limit")).ToHaveValueAsync("5");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_submitted_search_is_in_the_url_and_back_returns_to_the_previous_search()
    {
        await using var browser = await ui.OpenAsync("/search?service=inventory&lookback=1h");
        var page = browser.Page;
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);

        await page.Locator("#search-service").SelectOptionAsync("payment");
        await page.Locator("#search-lookback").SelectOptionAsync("24h");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/search?service=payment&lookback=24h&limit=20");
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["frontend: GET /checkout"]);
        await page.GoBackAsync();
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["inventory: Restock"]);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Custom_time_range_in_the_url_bounds_the_search()
    {
        string Range(int fromSeconds, int toSeconds) =>
            $"/search?lookback=custom&start={Iso(Traces.Start.AddSeconds(fromSeconds))}&end={Iso(Traces.Start.AddSeconds(toSeconds))}";

        await using var browser = await ui.OpenAsync(Range(5, 15));
        var page = browser.Page;
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["frontend: GET /cart"]);
        await Expect(page.Locator("#search-lookback")).ToHaveValueAsync("custom");
        await Expect(page.Locator("#search-start")).ToBeVisibleAsync();

        await browser.GotoAsync(Range(21, 29));
        await Expect(page.Locator("[data-state=empty]")).ToContainTextAsync("No traces match");
        browser.AssertNoConsoleErrors();
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Opening_a_trace_url_with_a_span_shows_the_trace_with_that_span_selected()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}?span={SampleTraces.Hex(Traces.Charge.SpanId)}&find=cart");
        var page = browser.Page;

        await Expect(page.Locator("[role=treeitem]")).ToHaveCountAsync(5);
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("payment: Charge");
        await Expect(page.Locator("#find")).ToHaveValueAsync("cart");
        await Expect(page.Locator(".row.match .row-op")).ToHaveTextAsync(["call cart", "GetCart"]);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Trace_id_box_opens_the_trace_and_its_url_reopens_it()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await page.GetByLabel("Trace id", new() { Exact = true }).FillAsync(Traces.Inventory.ToString().ToUpperInvariant());
        await page.GetByLabel("Trace id", new() { Exact = true }).PressAsync("Enter");

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/trace/{Traces.Inventory}");
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["Restock"]);
        await page.ReloadAsync();
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["Restock"]);
        browser.AssertNoConsoleErrors();
    }
}
