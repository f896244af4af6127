using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class CompareViewTests(UiFixture ui)
{
    private SampleTraces Traces => ui.Traces;

    private static ILocator Rows(IPage page) => page.Locator(".compare-table tbody tr");

    [Fact]
    public async Task Ticking_two_search_results_opens_their_comparison()
    {
        await using var browser = await ui.OpenAsync("/search?service=cart&lookback=1h");
        var page = browser.Page;
        var compare = page.GetByRole(AriaRole.Button, new() { Name = "Compare selected" });
        await Expect(page.Locator(".trace-item")).ToHaveCountAsync(2);
        await Expect(compare).ToBeDisabledAsync();

        await page.GetByLabel("Compare frontend: GET /cart").CheckAsync();
        await Expect(compare).ToHaveTextAsync("Compare selected (1 of 2)");
        await Expect(compare).ToBeDisabledAsync();
        await page.GetByLabel("Compare frontend: GET /checkout").CheckAsync();
        await compare.ClickAsync();

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/compare?a={Traces.Cart}&b={Traces.Checkout}");
        await Expect(page.Locator(".compare-path")).ToHaveTextAsync(
            ["frontend: GET /cart", "cart: GetCart", "frontend: GET /checkout", "frontend: call cart", "cart: GetCart", "frontend: call payment", "payment: Charge"]);
        await Expect(page.Locator(".compare-change")).ToHaveTextAsync(
            ["only in A", "only in A", "only in B", "only in B", "only in B", "only in B", "only in B"]);
        await Expect(page.Locator(".compare-trace h2")).ToHaveTextAsync(["A: frontend: GET /cart", "B: frontend: GET /checkout"]);
        await Expect(page.Locator("[data-nav=compare]")).ToHaveAttributeAsync("aria-current", "page");
        await page.ScreenshotAsync(new() { Path = UiFixture.ScreenshotPath("compare.png") });
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_trace_compared_with_itself_has_no_differences_to_show()
    {
        await using var browser = await ui.OpenAsync($"/compare?a={Traces.Checkout}&b={Traces.Checkout}");
        var page = browser.Page;

        await Expect(Rows(page)).ToHaveCountAsync(5);
        await Expect(page.Locator(".compare-table caption")).ToHaveTextAsync("5 call paths, 0 different");
        await Expect(page.Locator(".compare-change")).ToHaveTextAsync(["same", "same", "same", "same", "same"]);
        Assert.Equal(["0", "1", "2", "1", "2"], await page.Locator(".compare-path").EvaluateAllAsync<string[]>(
            "cells => cells.map(c => String((parseFloat(c.style.paddingLeft) - 8) / 16))"));

        await page.GetByLabel("Only differences").CheckAsync();
        await Expect(Rows(page).Locator("visible=true")).ToHaveCountAsync(0);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Paths_merge_by_service_and_operation_under_their_parents_path_and_count_each_traces_spans()
    {
        await using var browser = await ui.OpenAsync("/compare");
        var page = browser.Page;
        await Expect(page.GetByText("Choose two traces")).ToBeVisibleAsync();

        // A: root → 3 × db (10, 20, 30 ms), cache, and x → db; B: root → db (40 ms), auth, and db → x.
        var rows = await InPageTraceModel.EvaluateAsync<string[]>(page, """
            const a = trace(span('r', '', 0, 100, 'root'), span('d1', 'r', 1, 11, 'db'), span('d2', 'r', 12, 32, 'db'), span('d3', 'r', 33, 63, 'db'),
              span('c', 'r', 64, 65, 'cache'), span('x', 'r', 66, 90), span('xd', 'x', 67, 70, 'db'));
            const b = trace(span('r', '', 0, 100, 'root'), span('d1', 'r', 1, 41, 'db'), span('au', 'r', 42, 43, 'auth'), span('dx', 'd1', 2, 3, 'x'));
            return diff.compareTraces(a, b).map((r) => [r.name, r.depth, r.a.spans, r.b.spans, r.a.average / 1e6, r.b.average / 1e6, r.change].join(' '));
            """);

        Assert.Equal(
            [
                "root 0 1 1 100 100 same",
                "db 1 3 1 20 40 fewer",
                "x 2 0 1 0 1 only-b",
                "cache 1 1 0 1 0 only-a",
                "x 1 1 0 24 0 only-a",
                "db 2 1 0 3 0 only-a",
                "auth 1 0 1 0 1 only-b",
            ],
            rows);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_trace_that_is_not_stored_is_named_and_ids_entered_in_the_form_open_their_comparison()
    {
        await using var browser = await ui.OpenAsync($"/compare?a={Traces.Checkout}&b=00000000000000000000000000abcdef");
        var page = browser.Page;
        await Expect(page.GetByText("Trace B (00000000000000000000000000abcdef) not found")).ToBeVisibleAsync();

        await page.GetByLabel("Trace B", new() { Exact = true }).FillAsync(Traces.Inventory.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/compare?a={Traces.Checkout}&b={Traces.Inventory}");
        await Expect(page.Locator(".compare-table caption")).ToHaveTextAsync("6 call paths, 6 different");
        browser.AssertOnlyFailedApiLoads("404");
    }
}
