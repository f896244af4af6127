using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Cors;

/// <summary>Refuses an origin, header name or max age the CORS policy could not mean, naming the entry.</summary>
internal sealed class BrowserOriginsOptionsValidator : IValidateOptions<BrowserOriginsOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserOriginsOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (origin != "*" && BrowserOrigin.Parse(origin, out var problem) is null)
            {
                failures.Add($"{BrowserOriginsOptions.Section}:AllowedOrigins:{i} '{origin}' {problem}.");
            }
        }

        for (var i = 0; i < options.AllowedHeaders.Count; i++)
        {
            var header = options.AllowedHeaders[i];
            if (header != "*" && (header.Length == 0 || !header.All(IsTokenChar)))
            {
                failures.Add($"{BrowserOriginsOptions.Section}:AllowedHeaders:{i} '{header}' is not a header name (letters, digits and !#$%&'*+-.^_`|~), or '*' for any.");
            }
        }

        if (options.MaxAge < TimeSpan.Zero)
        {
            failures.Add($"{BrowserOriginsOptions.Section}:MaxAge {options.MaxAge} is negative; use 00:00:00 to make browsers ask before every request.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // RFC 9110 5.6.2: a header name is a token.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
