using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Ingester;

/// <summary>What the ingester host's commands (<c>clean-indices</c>, <c>redrive-dead-letters</c>) share: the host's configuration sources, and how a setting's problems are reported.</summary>
internal static class HostCommands
{
    /// <summary>appsettings.json, environment variables, then <c>--Key=Value</c> <paramref name="arguments"/>, as the host reads them.</summary>
    public static IConfiguration Configuration(IEnumerable<string> arguments) => new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine([.. arguments])
        .Build();

    /// <summary>Writes each failure on its own line; true when there were any (the command then exits 2).</summary>
    public static async Task<bool> RefusedAsync(IReadOnlyList<string> failures, TextWriter error)
    {
        foreach (var failure in failures)
        {
            await error.WriteLineAsync(failure).ConfigureAwait(false);
        }

        return failures.Count > 0;
    }
}
