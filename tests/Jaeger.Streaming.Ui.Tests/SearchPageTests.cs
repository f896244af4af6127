using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class SearchPageTests(UiFixture ui)
{
    private SampleTraces Traces => ui.Traces;

    [Fact]
    public async Task Search_by_service_operation_and_attribute_lists_only_the_matching_trace()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await page.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("frontend");
        await Expect(page.Locator("#search-operation option", new() { HasText = "GET /checkout" })).ToHaveCountAsync(1);
        await page.GetByLabel("Operation", new() { Exact = true }).SelectOptionAsync("GET /checkout");
        await page.GetByLabel("Attributes", new() { Exact = true }).FillAsync("user.tier=gold");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();

        var items = page.Locator(".trace-item");
        await Expect(items).ToHaveCountAsync(1);
        var item = items.First;
        await Expect(item).ToHaveAttributeAsync("data-trace-id", Traces.Checkout.ToString());
        await Expect(item.Locator(".trace-title")).ToHaveTextAsync("frontend: GET /checkout");
        await Expect(item.Locator(".trace-spans")).ToHaveTextAsync("5");
        await Expect(item.Locator(".trace-errors")).ToHaveTextAsync("1");
        await Expect(item.Locator(".trace-duration")).ToHaveTextAsync("120 ms");
        await Expect(item.Locator(".services li")).ToHaveTextAsync(["cart", "frontend", "payment"]);
        await Expect(page.Locator(".scatter circle")).ToHaveCountAsync(1);
        await Expect(page.Locator(".scatter circle.error")).ToHaveCountAsync(1);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Search_by_service_lists_every_trace_of_that_service_newest_first()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await page.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("cart");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();

        // The cart trace started 10 s after the checkout trace.
        await Expect(page.Locator(".trace-item")).ToHaveCountAsync(2);
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["frontend: GET /cart", "frontend: GET /checkout"]);
        await Expect(page.Locator(".scatter circle")).ToHaveCountAsync(2);
        await Expect(page.Locator(".result-count")).ToHaveTextAsync("2 traces");
        await page.ScreenshotAsync(new() { Path = UiFixture.ScreenshotPath("search.png") });
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Results_are_ordered_as_chosen_and_the_order_is_in_the_url_and_kept_by_the_next_search()
    {
        await using var browser = await ui.OpenAsync("/search?service=cart&lookback=1h");
        var page = browser.Page;
        var titles = page.Locator(".trace-item .trace-title");
        await Expect(titles).ToHaveTextAsync(["frontend: GET /cart", "frontend: GET /checkout"]);

        // The checkout trace is the older, the longer (120 against 40 ms) and the larger (5 against 2 spans).
        await page.GetByLabel("Sort").SelectOptionAsync("Longest first");
        await Expect(titles).ToHaveTextAsync(["frontend: GET /checkout", "frontend: GET /cart"]);
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/search?service=cart&lookback=1h&sort=longest");
        await page.GetByLabel("Sort").SelectOptionAsync("Fewest spans");
        await Expect(titles).ToHaveTextAsync(["frontend: GET /cart", "frontend: GET /checkout"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/search?service=cart&lookback=1h&limit=20&sort=fewest-spans");
        await Expect(page.GetByLabel("Sort")).ToHaveValueAsync("fewest-spans");

        await browser.GotoAsync("/search?service=cart&lookback=1h&sort=most-spans");
        await Expect(titles).ToHaveTextAsync(["frontend: GET /checkout", "frontend: GET /cart"]);
        await page.GetByLabel("Sort").SelectOptionAsync("Most recent");
        await Expect(titles).ToHaveTextAsync(["frontend: GET /cart", "frontend: GET /checkout"]);
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/search?service=cart&lookback=1h");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Services_and_operations_pickers_are_filled_from_the_api()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await Expect(page.Locator("#search-service option")).ToHaveTextAsync(["All services", "bulk", "cart", "frontend", "inventory", "payment"]);
        await page.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("frontend");
        await Expect(page.Locator("#search-operation option")).ToHaveTextAsync(["All operations", "call cart", "call payment", "GET /cart", "GET /checkout"]);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Search_that_matches_nothing_shows_the_empty_state()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await page.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("frontend");
        await page.GetByLabel("Attributes", new() { Exact = true }).FillAsync("user.tier=platinum");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();

        await Expect(page.Locator("[data-state=empty]")).ToContainTextAsync("No traces match");
        await Expect(page.Locator(".trace-item")).ToHaveCountAsync(0);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Attribute_filter_without_equals_sign_is_reported_in_the_form_and_not_searched()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await page.GetByLabel("Attributes", new() { Exact = true }).FillAsync("user.tier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find traces" }).ClickAsync();

        await Expect(page.Locator("#search-form-error")).ToHaveTextAsync("Attribute filter \"user.tier\" is not key=value.");
        await Expect(page.GetByLabel("Attributes", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.EndsWith("/search", page.Url, StringComparison.Ordinal);
        browser.AssertNoConsoleErrors();
    }
}
