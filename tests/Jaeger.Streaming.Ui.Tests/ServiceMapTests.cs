using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class ServiceMapTests(UiFixture ui)
{
    [Fact]
    public async Task Service_map_draws_each_calling_service_to_called_service_edge_with_its_call_count()
    {
        await using var browser = await ui.OpenAsync("/dependencies?lookback=1h");
        var page = browser.Page;

        // frontend calls cart in both the checkout and the cart trace, and payment once, where the charge failed.
        await Expect(page.Locator("tr[data-edge='frontend->cart'] td")).ToHaveTextAsync(["frontend", "cart", "2", "0"]);
        await Expect(page.Locator("tr[data-edge='frontend->payment'] td")).ToHaveTextAsync(["frontend", "payment", "1", "1"]);
        await Expect(page.Locator(".deps-graph .node[data-service=frontend]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".deps-graph .node[data-service=cart]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".deps-graph .edge.has-errors .edge-label")).ToContainTextAsync(["1 call, 1 error"]);
        await page.ScreenshotAsync(new() { Path = UiFixture.ScreenshotPath("service-map.png") });
        browser.AssertNoConsoleErrors();
    }
}
