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

    [Fact]
    public async Task Critical_path_marks_the_work_the_end_of_the_trace_waited_on()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        // The two calls run one after the other, so every span is on the path: the root between and after them.
        await Expect(Row(page, "GET /checkout").Locator(".critical-section")).ToHaveCountAsync(3);
        await Expect(Row(page, "call cart").Locator(".critical-section")).ToHaveCountAsync(2);
        await Expect(Row(page, "Charge").Locator(".critical-section")).ToHaveCountAsync(1);
        Assert.Equal("100%", await Row(page, "Charge").Locator(".critical-section").EvaluateAsync<string>("s => s.style.width"));
        await Row(page, "GET /checkout").Locator(".row-op").ClickAsync();
        await Expect(page.Locator(".detail-critical")).ToHaveTextAsync("30.0 ms of its own time (25% of the span)");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Critical_path_skips_children_that_ran_in_parallel_and_clips_those_that_outlive_their_parent()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        // parent 0–100 ms: fast 10–60 runs alongside slow 20–90 (slow ends later, so fast is off the path); first
        // 0–15 ends before slow starts; late 80–130 runs past slow's end and holds slow up only until 90.
        var sections = await OnCraftedTraceAsync<Dictionary<string, double[][]>>(
            page,
            "span('parent', '', 0, 100), span('fast', 'parent', 10, 60), span('slow', 'parent', 20, 90), span('first', 'parent', 0, 15), span('late', 'slow', 80, 130)",
            "(trace) => Object.fromEntries(trace.order.filter((s) => s.critical).map((s) => [s.id, s.critical.map(([from, to]) => [from / 1e6, to / 1e6])]))");

        Assert.Equal(["first", "late", "parent", "slow"], sections.Keys.Order());
        Assert.Equal([[90.0, 100.0], [15.0, 20.0]], sections["parent"]);
        Assert.Equal([[20.0, 80.0]], sections["slow"]);
        Assert.Equal([[80.0, 90.0]], sections["late"]);
        Assert.Equal([[0.0, 15.0]], sections["first"]);
    }

    [Fact]
    public async Task Download_json_saves_the_apis_answer_for_the_trace()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download JSON" }).ClickAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken));

        Assert.Equal($"trace-{Traces.Checkout}.json", download.SuggestedFilename);
        var spans = json.RootElement.GetProperty("result").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray()).SelectMany(s => s.GetProperty("spans").EnumerateArray()).ToList();
        Assert.Equal(5, spans.Count);
        Assert.All(spans, span => Assert.Equal(Traces.Checkout.ToString(), span.GetProperty("traceId").GetString()));
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Statistics_show_each_operations_spans_and_self_time_most_first()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        await page.GetByText("Statistics by operation (5)").ClickAsync();

        var rows = page.Locator(".trace-statistics tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Locator("td:nth-child(2)")).ToHaveTextAsync(["Charge", "GET /checkout", "GetCart", "call payment", "call cart"]);
        await Expect(rows.Locator("td:nth-child(8)")).ToHaveTextAsync(["50.0 ms", "30.0 ms", "25.0 ms", "10.0 ms", "5.00 ms"]);
        await Expect(rows.First.Locator("td:nth-child(4)")).ToHaveTextAsync("1");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Self_time_counts_overlapping_children_once_and_only_within_the_parent()
    {
        await using var browser = await ui.OpenAsync($"/trace/{Traces.Checkout}");
        var page = browser.Page;
        await Expect(Rows(page)).ToHaveCountAsync(5);

        // parent 0–100 ms with children 10–60 and 20–90 (together 10–90) and one 95–130 that runs past its end.
        var statistics = await OnCraftedTraceAsync<Dictionary<string, double>>(
            page,
            "span('parent', '', 0, 100), span('a', 'parent', 10, 60), span('b', 'parent', 20, 90), span('late', 'parent', 95, 130)",
            "(trace, model) => Object.fromEntries(model.operationStatistics(trace).map((row) => [row.name, row.self / 1e6]))");

        Assert.Equal(15.0, statistics["parent"]);
        Assert.Equal((50.0, 70.0, 35.0), (statistics["a"], statistics["b"], statistics["late"]));
    }

    /// <summary>The trace <paramref name="spans"/> (calls to <c>span</c>) build, given with the module to <paramref name="result"/>.</summary>
    private static Task<T> OnCraftedTraceAsync<T>(IPage page, string spans, string result) =>
        InPageTraceModel.EvaluateAsync<T>(page, $"return ({result})(trace({spans}), model);");
}
