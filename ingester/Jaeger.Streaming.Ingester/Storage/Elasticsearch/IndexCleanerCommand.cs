using System.Globalization;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// <c>clean-indices --days N [--dry-run] [--tenant T]</c>: the retention cleaner run by the ingester's host (for
/// example from a cron job), with the same configuration as the ingester (<c>Storage:Elasticsearch</c>, from
/// appsettings.json, environment variables and further <c>--Key=Value</c> arguments). Its credential needs
/// <c>delete_index</c> on the indices.
/// </summary>
public static class IndexCleanerCommand
{
    public const string Name = "clean-indices";
    private const string Usage = "usage: clean-indices --days N [--dry-run] [--tenant TENANT] [--Storage:Elasticsearch:Key=Value ...]";

    /// <returns>0 on success, 1 when Elasticsearch refused, 2 for bad arguments or settings.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        int? days = null;
        var dryRun = false;
        string? tenant = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--days" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    days = n;
                    i++;
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--tenant" when i + 1 < args.Length:
                    tenant = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (days is null)
        {
            await error.WriteLineAsync($"--days N is required: indices whose day is more than N days before today (UTC) are deleted.\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var options = HostCommands.Configuration(rest).GetSection(ElasticsearchOptions.SectionName).Get<ElasticsearchOptions>() ?? new ElasticsearchOptions();
        if (await HostCommands.RefusedAsync(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer), error).ConfigureAwait(false))
        {
            return 2;
        }

        JaegerIndexNames names;
        try
        {
            names = JaegerIndexNames.For(options, tenant);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        using var client = new ElasticsearchClient(options, ElasticsearchRole.Writer, TimeProvider.System);
        try
        {
            var expired = await new IndexCleaner(client, TimeProvider.System).CleanAsync(names, days.Value, dryRun, cancellationToken).ConfigureAwait(false);
            foreach (var index in expired)
            {
                await output.WriteLineAsync($"{(dryRun ? "would delete" : "deleted")} {index}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"{expired.Count} indices {(dryRun ? "would be" : "were")} deleted (older than {days} days, prefix '{names.Prefix}').").ConfigureAwait(false);
            return 0;
        }
        catch (ElasticsearchException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
