using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class TraceViewTests(UiFixture ui)
{
    private SampleTraces Traces => ui.Traces;

    private ILocator Rows(IPage page) => page.Locator("[role=treeitem]");

    private ILocator Row(IPage page, string operation) => page.Locator("[role=treeitem]", new() { Has = page.Locator(".row-op", new() { HasTextString = operation }) });

    [Fact]
    public async Task Opening_a_trace_shows_one_row_per_span_nested_by_parent_with_durations()
    {
        await using var browser = await ui.OpenAsync("/search?service=payment&lookback=1h");
        var page = browser.Page;
        await page.Locator(".trace-item a.trace-title").First.ClickAsync();

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/trace/{Traces.Checkout}");
        await Expect(Rows(page)).ToHaveCountAsync(5);
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["GET /checkout", "call cart", "GetCart", "call payment", "Charge"]);
        await Expect(page.Locator(".row-service")).ToHaveTextAsync(["frontend", "frontend", "cart", "frontend", "payment"]);
        Assert.Equal(["1", "2", "3", "2", "3"], await Rows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('aria-level'))"));
        await Expect(page.Locator(".row-duration")).ToHaveTextAsync(["120 ms", "30.0 ms", "25.0 ms", "60.0 ms", "50.0 ms"]);
        await Expect(page.Locator(".trace-span-count")).ToHaveTextAsync("5");
        await Expect(page.Locator(".trace-header .trace-duration")).ToHaveTextAsync("120 ms");
        await Expect(Row(page, "Charge")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\berror\b"));
        await Expect(Row(page, "Charge").Locator(".error-marker")).ToHaveCountAsync(1);
        await Expect(Row(page, "GetCart").Locator(".event-mark")).ToHaveCountAsync(1);
        await Expect(page.Locator(".ruler .tick").Last).ToHaveTextAsync("120 ms");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Collapsing_a_span_hides_its_descendants_until_it_is_expanded()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;

        await Row(page, "call payment").Locator(".toggle").ClickAsync();
        await Expect(Rows(page)).ToHaveCountAsync(4);
        await Expect(Row(page, "Charge")).ToHaveCountAsync(0);
        await Expect(Row(page, "call payment")).ToHaveAttributeAsync("aria-expanded", "false");

        await Row(page, "call payment").Locator(".toggle").ClickAsync();
        await Expect(Rows(page)).ToHaveCountAsync(5);
        await Expect(Row(page, "call payment")).ToHaveAttributeAsync("aria-expanded", "true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Collapse all" }).ClickAsync();
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["GET /checkout", "call cart", "call payment"]);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Clicking_a_span_shows_its_attributes_events_links_resource_and_scope()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;

        await Row(page, "Charge").ClickAsync();

        var details = page.Locator(".span-details");
        await Expect(details.Locator("h2")).ToHaveTextAsync("payment: Charge");
        await Expect(details.Locator(".detail-duration")).ToHaveTextAsync("50.0 ms");
        await Expect(details.Locator(".status-error")).ToHaveTextAsync("error: card declined");
        var attributes = details.Locator("[data-section=attributes] tr");
        await Expect(attributes).ToHaveTextAsync(["payment.provideracme-pay", "payment.amount72.5"]);
        var events = details.Locator("[data-section=events] .event");
        await Expect(events).ToHaveCountAsync(1);
        await Expect(events.Locator(".event-name")).ToHaveTextAsync("exception");
        await Expect(events.Locator(".event-offset")).ToHaveTextAsync("45.0 ms");
        await Expect(events.Locator("tr")).ToHaveTextAsync(["exception.typeCardDeclined", "exception.messagecard declined by issuer"]);
        await Expect(details.Locator("[data-section=links] a")).ToHaveTextAsync($"span {SampleTraces.Hex(Traces.CartRoot.SpanId)} in trace {Traces.Cart}");
        await Expect(details.Locator("[data-section=resource] tr")).ToHaveTextAsync(["service.namepayment"]);
        await Expect(details.Locator("[data-section=scope] .scope-name")).ToHaveTextAsync("test-scope 1.0.0");
        await Expect(Row(page, "Charge")).ToHaveAttributeAsync("aria-selected", "true");
        await page.ScreenshotAsync(new() { Path = UiFixture.ScreenshotPath("trace.png") });
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Link_to_a_span_in_another_trace_opens_that_trace_with_the_span_selected()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}?span={SampleTraces.Hex(Traces.Charge.SpanId)}");
        var page = browser.Page;

        await page.Locator("[data-section=links] a").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/trace/{Traces.Cart}?span={SampleTraces.Hex(Traces.CartRoot.SpanId)}");
        await Expect(Rows(page)).ToHaveCountAsync(2);
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("frontend: GET /cart");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Find_in_trace_highlights_the_matching_spans_and_steps_to_them()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Collapse all" }).ClickAsync();

        var find = page.GetByLabel("Find in trace", new() { Exact = true });
        await find.FillAsync("acme-pay");
        await Expect(page.Locator(".find-status")).ToHaveTextAsync("1 match");
        await find.PressAsync("Enter");

        // The match sat under a collapsed span: stepping to it expands the way there and selects it.
        await Expect(page.Locator(".row.match .row-op")).ToHaveTextAsync(["Charge"]);
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("payment: Charge");

        await find.FillAsync("getcart");
        await Expect(page.Locator(".find-status")).ToHaveTextAsync("1 match");
        await find.FillAsync("frontend");
        await Expect(page.Locator(".find-status")).ToHaveTextAsync("3 matches");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Timeline_is_navigable_with_the_keyboard()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        await page.GetByRole(AriaRole.Tree).FocusAsync();
        foreach (var key in new[] { "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "Enter" })
        {
            await page.Keyboard.PressAsync(key);
        }

        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("payment: Charge");

        // Left goes to the parent, and Left again collapses it.
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Row(page, "call payment")).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(page.GetByRole(AriaRole.Tree)).ToHaveAttributeAsync("aria-activedescendant", await Row(page, "call payment").GetAttributeAsync("id") ?? "");
        browser.AssertNoConsoleErrors();
    }
}
