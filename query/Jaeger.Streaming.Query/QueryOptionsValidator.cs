using System.Net;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query;

/// <summary>Stops start-up on settings the listeners cannot use, naming the key and the fix.</summary>
internal sealed class QueryOptionsValidator : IValidateOptions<QueryOptions>
{
    public ValidateOptionsResult Validate(string? name, QueryOptions options)
    {
        var failures = new List<string>();
        CheckPort(failures, nameof(QueryOptions.Port), options.Port);
        CheckPort(failures, nameof(QueryOptions.AdminPort), options.AdminPort);
        if (options.Port == options.AdminPort)
        {
            failures.Add($"Query:AdminPort {options.AdminPort} is the same as Query:Port; give the admin endpoints a port of their own (default 16687)");
        }

        if (!IsAny(options.ListenAddress) && !IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"Query:ListenAddress '{options.ListenAddress}' is not an IP address; use one such as 127.0.0.1 or ::1, or 'any' for every interface");
        }

        if (BasePathProblem(options.BasePath) is { } problem)
        {
            failures.Add($"Query:BasePath '{options.BasePath}' {problem}; write it as /jaeger (or empty for the root)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The base path is written into the UI's page and matched against request paths as it is, so it is held to
    /// segments of URL-safe characters: nothing to escape, nothing a path could mean differently once decoded.
    /// </summary>
    private static string? BasePathProblem(string basePath)
    {
        if (basePath.Length == 0)
        {
            return null;
        }

        if (basePath[0] != '/')
        {
            return "does not start with '/'";
        }

        foreach (var segment in basePath[1..].Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "has an empty, '.' or '..' segment";
            }

            if (!segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                return "may hold only letters, digits, '-', '.', '_' and '~' between its slashes";
            }
        }

        return null;
    }

    public static bool IsAny(string? listenAddress) =>
        string.IsNullOrWhiteSpace(listenAddress) || listenAddress.Equals("any", StringComparison.OrdinalIgnoreCase);

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"Query:{key} {port} is not a TCP port; use a number from 1 to 65535");
        }
    }
}
