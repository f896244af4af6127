using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>The all-in-one's query service under Query:BasePath, as behind a proxy forwarding /jaeger without stripping it.</summary>
public sealed class BasePathUiFixture : UiFixture
{
    public override string BasePath => "/jaeger";
}

/// <summary>The login fixture's issuer and JWTs, with the query service under Query:BasePath.</summary>
public sealed class BasePathLoginUiFixture : LoginUiFixture
{
    public override string BasePath => "/jaeger";
}

public sealed class BasePathUiTests(BasePathUiFixture ui, BasePathLoginUiFixture login) : IClassFixture<BasePathUiFixture>, IClassFixture<BasePathLoginUiFixture>
{
    [Fact]
    public async Task Search_trace_view_and_service_map_work_under_the_base_path_with_every_address_under_it()
    {
        await using var browser = await ui.OpenAsync("/jaeger/search?service=payment&lookback=1h");
        var page = browser.Page;
        await Expect(page.Locator(".trace-item .trace-title")).ToHaveTextAsync(["frontend: GET /checkout"]);

        await page.Locator(".trace-item a.trace-title").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/jaeger/trace/{ui.Traces.Checkout}");
        await Expect(page.Locator("[role=treeitem]")).ToHaveCountAsync(5);

        await page.GetByRole(AriaRole.Link, new() { Name = "Service map" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/jaeger/dependencies");
        await Expect(page.Locator("tr[data-edge='frontend->payment'] td")).ToHaveTextAsync(["frontend", "payment", "1", "1"]);

        await page.GoBackAsync();
        await Expect(page.Locator("[role=treeitem]")).ToHaveCountAsync(5);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_deep_link_opens_its_span_and_the_links_and_trace_id_box_stay_under_the_base_path()
    {
        var traces = ui.Traces;
        await using var browser = await ui.OpenAsync($"/jaeger/trace/{traces.Checkout}?span={SampleTraces.Hex(traces.Charge.SpanId)}");
        var page = browser.Page;
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("payment: Charge");

        await page.Locator("[data-section=links] a").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/jaeger/trace/{traces.Cart}?span={SampleTraces.Hex(traces.CartRoot.SpanId)}");
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("frontend: GET /cart");

        await page.GetByLabel("Trace id", new() { Exact = true }).FillAsync(traces.Inventory.ToString());
        await page.GetByLabel("Trace id", new() { Exact = true }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/jaeger/trace/{traces.Inventory}");
        await page.ReloadAsync();
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["Restock"]);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public Task Log_in_returns_through_the_callback_under_the_base_path_to_the_same_search() => LoginTests.LogInFromARefusedSearchAsync(login);
}
