using Microsoft.Playwright;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>
/// Runs the UI's own trace modules (trace-model.js as <c>model</c>, trace-diff.js as <c>diff</c>) in the page, on
/// traces crafted with <c>span(id, parent, start ms, end ms, name = id)</c> and <c>trace(...spans)</c> (one service,
/// <c>shop</c>), so the algorithms are tested where they run, not a copy of them.
/// </summary>
internal static class InPageTraceModel
{
    /// <summary>Evaluates <paramref name="body"/>, the body of an async function with those names in scope.</summary>
    public static Task<T> EvaluateAsync<T>(IPage page, string body) => page.EvaluateAsync<T>($$"""
        async () => {
          const modules = document.querySelector('script[type="module"]').src.replace(/app\.js$/, '');
          const model = await import(modules + 'trace-model.js');
          const diff = await import(modules + 'trace-diff.js');
          const ms = (n) => String(n * 1000000);
          const span = (id, parent, start, end, name = id) => ({ traceId: 't', spanId: id, parentSpanId: parent, name, startTimeUnixNano: ms(start), endTimeUnixNano: ms(end) });
          const trace = (...spans) => model.buildTrace({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeSpans: [{ spans }] }] });
          {{body}}
        }
        """);
}
