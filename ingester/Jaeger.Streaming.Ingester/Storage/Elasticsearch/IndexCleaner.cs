using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// Retention for daily indices, as Jaeger's es-index-cleaner does: deletes the span and service indices of one
/// prefix whose day is more than N days before today (UTC). A dry run only lists them. Rollover indices are left to
/// ILM/ISM.
/// </summary>
internal sealed class IndexCleaner(ElasticsearchClient client, TimeProvider time)
{
    /// <summary>The indices older than <paramref name="keepDays"/> days, deleted unless <paramref name="dryRun"/>; sorted.</summary>
    public async Task<IReadOnlyList<string>> CleanAsync(JaegerIndexNames names, int keepDays, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepDays);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var cutoff = today.AddDays(-keepDays);
        var pattern = $"{names.Prefix}{JaegerIndexNames.Span}-*,{names.Prefix}{JaegerIndexNames.Service}-*";
        var listed = (await client.GetAsync($"_cat/indices/{pattern}?format=json&h=index&expand_wildcards=open,closed", cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("Listing indices", pattern);
        using var json = listed.Json();
        var expired = new List<string>();
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("index", out var name) && name.GetString() is { } index && names.DayOf(index) is { } day && day < cutoff)
            {
                expired.Add(index);
            }
        }

        expired.Sort(StringComparer.Ordinal);
        if (!dryRun)
        {
            foreach (var index in expired)
            {
                var deleted = await client.SendAsync(HttpMethod.Delete, index, null, ElasticsearchClient.JsonContentType, cancellationToken).ConfigureAwait(false);
                if (deleted.StatusCode != 404)
                {
                    deleted.EnsureSuccess("Deleting expired index", index);
                }
            }
        }

        return expired;
    }
}
