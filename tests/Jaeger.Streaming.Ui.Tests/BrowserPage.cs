using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>
/// A page that records every console error and uncaught exception, so each test can assert the UI produced none.
/// </summary>
public sealed partial class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public async Task GotoAsync(string path) => await Page.GotoAsync(path);

    /// <summary>Asserts the page logged no console error and threw nothing.</summary>
    public void AssertNoConsoleErrors() => Assert.Empty(Errors);

    /// <summary>The browser reports each refused API request as a console error; anything else is still a failure.</summary>
    public void AssertOnlyFailedApiLoads(string status)
    {
        var errors = Errors;
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.Matches(FailedApiLoad(), error));
        Assert.All(errors, error => Assert.Contains(status, error, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [GeneratedRegex(@"^console: Failed to load resource: .* \(.*/api/")]
    private static partial Regex FailedApiLoad();
}
