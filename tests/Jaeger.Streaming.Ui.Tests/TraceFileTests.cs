using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jaeger.Streaming.Ui.Tests;

public sealed class TraceFileTests(UiFixture ui)
{
    private SampleTraces Traces => ui.Traces;

    private static ILocator Rows(IPage page) => page.Locator("[role=treeitem]");

    [Fact]
    public async Task A_trace_saved_by_download_json_opens_from_its_file_as_it_was_stored()
    {
        var saved = await ui.Http.GetStringAsync($"/api/v3/traces/{Traces.Checkout}", TestContext.Current.CancellationToken);
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await OpenFileAsync(page, "trace-checkout.json", saved);

        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/trace-file");
        await Expect(page.Locator(".trace-note")).ToHaveTextAsync("Opened from the file trace-checkout.json, not from the store.");
        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["GET /checkout", "call cart", "GetCart", "call payment", "Charge"]);
        await Expect(page.Locator(".row-duration")).ToHaveTextAsync(["120 ms", "30.0 ms", "25.0 ms", "60.0 ms", "50.0 ms"]);

        // Within the file's trace, a span's parent link stays in the file's view.
        await page.Locator("[role=treeitem]", new() { Has = page.Locator(".row-op", new() { HasTextString = "Charge" }) }).ClickAsync();
        await page.Locator(".span-details dd a", new() { HasTextString = "frontend: call payment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/trace-file\\?span=[0-9a-f]{16}$"));
        await Expect(page.Locator(".span-details h2")).ToHaveTextAsync("frontend: call payment");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_trace_in_jaegers_json_opens_with_its_services_kinds_errors_events_and_attributes()
    {
        // Jaeger's JSON, as Jaeger's own /api/traces answers it (ours follows that format; JaegerDocumentCompatibility).
        var jaeger = await ui.Http.GetStringAsync($"/api/traces/{Traces.Checkout}", TestContext.Current.CancellationToken);
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await OpenFileAsync(page, "jaeger.json", jaeger);

        await Expect(page.Locator(".row-op")).ToHaveTextAsync(["GET /checkout", "call cart", "GetCart", "call payment", "Charge"]);
        await Expect(page.Locator(".row-service")).ToHaveTextAsync(["frontend", "frontend", "cart", "frontend", "payment"]);
        await Expect(page.Locator(".row-duration")).ToHaveTextAsync(["120 ms", "30.0 ms", "25.0 ms", "60.0 ms", "50.0 ms"]);
        await Expect(Rows(page).Locator(".error-marker")).ToHaveCountAsync(1);

        await page.Locator("[role=treeitem]", new() { Has = page.Locator(".row-op", new() { HasTextString = "Charge" }) }).ClickAsync();
        var details = page.Locator(".span-details");
        await Expect(details.Locator(".status-error")).ToHaveTextAsync("error: card declined");
        await Expect(details).ToContainTextAsync("acme-pay");
        await Expect(details).ToContainTextAsync("72.5");
        await Expect(details.Locator(".event-name")).ToHaveTextAsync(["exception"]);
        await Expect(details).ToContainTextAsync("CardDeclined");
        await page.Locator("[role=treeitem]", new() { Has = page.Locator(".row-op", new() { HasTextString = "call payment" }) }).ClickAsync();
        await Expect(details.Locator("dd").Nth(2)).ToHaveTextAsync("client");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_file_that_is_not_a_trace_is_refused_with_the_reason_and_nothing_opens()
    {
        await using var browser = await ui.OpenAsync("/search");
        var page = browser.Page;

        await OpenFileAsync(page, "notes.json", """{"hello":"world"}""");
        await Expect(page.Locator("#trace-file-error")).ToHaveTextAsync("The file is neither OTLP/JSON (resourceSpans, as Download JSON saves it) nor Jaeger JSON (data[].spans).");

        await OpenFileAsync(page, "broken.json", "{\"resourceSpans\": [");
        await Expect(page.Locator("#trace-file-error")).ToContainTextAsync("broken.json is not JSON");

        await OpenFileAsync(page, "jaeger.json", """{"data":[{"traceID":"ab","spans":[{"traceID":"ab","spanID":"01","startTime":"soon","duration":5}]}]}""");
        await Expect(page.Locator("#trace-file-error")).ToHaveTextAsync("span 01: startTime is not a number of microseconds: \"soon\"");

        await OpenFileAsync(page, "otlp.json", """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"01","startTimeUnixNano":"x1"}]}]}]}""");
        await Expect(page.Locator("#trace-file-error")).ToContainTextAsync("otlp.json is not a trace the view can show:");

        await OpenFileAsync(page, "empty.json", """{"resourceSpans":[]}""");
        await Expect(page.Locator("#trace-file-error")).ToHaveTextAsync("empty.json holds no spans.");

        // Made in the page: 257 MiB of zeros, refused by its size before it is read.
        await page.EvaluateAsync("""
            () => {
              const input = document.querySelector('#trace-file');
              const files = new DataTransfer();
              files.items.add(new File([new Uint8Array(257 * 1024 * 1024)], 'huge.json', { type: 'application/json' }));
              input.files = files.files;
              input.dispatchEvent(new Event('change'));
            }
            """);
        await Expect(page.Locator("#trace-file-error")).ToHaveTextAsync("huge.json is 257 MiB; the trace view opens files of up to 256 MiB.");
        await Expect(page).ToHaveURLAsync($"{ui.BaseUrl}/search");

        await browser.GotoAsync("/trace-file");
        await Expect(page.GetByText("No trace file is open")).ToBeVisibleAsync();
        browser.AssertNoConsoleErrors();
    }

    private static Task OpenFileAsync(IPage page, string name, string content) =>
        page.Locator("#trace-file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(content) });
}
