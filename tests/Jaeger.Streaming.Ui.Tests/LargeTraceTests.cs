using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class LargeTraceTests(UiFixture ui)
{
    [Fact]
    public async Task Ten_thousand_span_trace_renders_a_window_of_rows_and_scrolls_to_its_last_span()
    {
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        var opened = System.Diagnostics.Stopwatch.StartNew();
        await browser.GotoAsync($"/trace/{ui.Traces.Large}");

        await Expect(page.Locator(".trace-span-count")).ToHaveTextAsync(SampleTraces.LargeSpanCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator(".row-op").First).ToHaveTextAsync("batch");
        var rendered = opened.Elapsed;

        // Scroll from top to bottom in 100 jumps, letting each render, as a user dragging the scrollbar.
        var measurement = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const rows = document.querySelector('[role=tree]');
              const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve(performance.now())));
              let maxRows = 0, steps = 0, worst = 0;
              let last = await frame();
              const start = last;
              const stride = Math.ceil(rows.scrollHeight / 100);
              while (rows.scrollTop + rows.clientHeight < rows.scrollHeight - 1) {
                rows.scrollTop += stride;
                await frame();
                await frame();
                worst = Math.max(worst, performance.now() - last);
                last = performance.now();
                maxRows = Math.max(maxRows, rows.querySelectorAll('[role=treeitem]').length);
                steps++;
              }
              return { steps, maxRows, totalMs: performance.now() - start, worstStepMs: worst, scrollHeight: rows.scrollHeight };
            }
            """);

        var steps = measurement.GetProperty("steps").GetInt32();
        var maxRows = measurement.GetProperty("maxRows").GetInt32();
        var line = FormattableString.Invariant(
            $"10,000-span trace: first rows after {rendered.TotalMilliseconds:F0} ms; scrolled to the end in {steps} jumps in {measurement.GetProperty("totalMs").GetDouble():F0} ms, slowest jump {measurement.GetProperty("worstStepMs").GetDouble():F1} ms, at most {maxRows} rows in the DOM");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);

        // Virtualized: the whole height is there, but only about a screenful of rows exists at any time.
        Assert.Equal(SampleTraces.LargeSpanCount * 28, measurement.GetProperty("scrollHeight").GetInt32());
        Assert.InRange(steps, 95, 100);
        Assert.InRange(maxRows, 10, 200);
        await Expect(page.Locator(".row-op").Last).ToHaveTextAsync(ui.Traces.LargeLastSpanName);
        browser.AssertNoConsoleErrors();
    }
}
