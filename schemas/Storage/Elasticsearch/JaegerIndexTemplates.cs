using System.Text.Json.Nodes;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>Index settings the templates carry.</summary>
/// <param name="TenantIndices">Also match every tenant's indices (<c>{prefix}*-jaeger-span-*</c>).</param>
public sealed record IndexTemplateSettings(int Shards, int Replicas, string? LifecyclePolicy, bool TenantIndices);

/// <summary>
/// The span and service index templates for Elasticsearch 7 (legacy <c>_template</c>, as Jaeger installs there) and
/// for Elasticsearch 8 and OpenSearch 2 (composable <c>_index_template</c>). The mappings are Jaeger's, so Jaeger's
/// queries work on them, with two differences: tag values are indexed up to 8191 characters (Jaeger stops at 256,
/// which makes long values unsearchable; 8191 UTF-8 characters fit Lucene's term limit), and the extra fields
/// <c>linkTags</c> (searched) and <c>otlp</c> (stored only).
/// </summary>
public static class JaegerIndexTemplates
{
    private const int KeywordLimit = 256;
    private const int ValueLimit = 8191;

    /// <summary>The template requests for the indices of <paramref name="names"/>: the path to PUT and the JSON body, span template first.</summary>
    public static IReadOnlyList<(string Path, JsonObject Body)> For(ElasticsearchEngine engine, JaegerIndexNames names, IndexTemplateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            Template(engine, names, JaegerIndexNames.Span, SpanMappings(), settings),
            Template(engine, names, JaegerIndexNames.Service, ServiceMappings(), settings),
        ];
    }

    private static (string, JsonObject) Template(ElasticsearchEngine engine, JaegerIndexNames names, string kind, JsonObject mappings, IndexTemplateSettings settings)
    {
        var name = $"{names.Prefix}{kind}";
        var indexSettings = new JsonObject
        {
            ["index.number_of_shards"] = settings.Shards,
            ["index.number_of_replicas"] = settings.Replicas,
            ["index.mapping.nested_fields.limit"] = 50,
            ["index.requests.cache.enable"] = true,
        };
        if (settings.LifecyclePolicy is { Length: > 0 } policy)
        {
            if (engine == ElasticsearchEngine.OpenSearch2)
            {
                // ISM attaches policies through the policy's ism_template; the index only names its rollover alias.
                indexSettings["plugins.index_state_management.rollover_alias"] = $"{name}-write";
            }
            else
            {
                indexSettings["index.lifecycle.name"] = policy;
                indexSettings["index.lifecycle.rollover_alias"] = $"{name}-write";
            }
        }

        var patterns = new JsonArray($"{name}-*");
        if (settings.TenantIndices)
        {
            patterns.Add($"{names.Prefix}*-{kind}-*");
        }

        if (engine == ElasticsearchEngine.Elasticsearch7)
        {
            return ($"_template/{name}", new JsonObject
            {
                ["index_patterns"] = patterns,
                ["order"] = 0,
                ["settings"] = indexSettings,
                ["mappings"] = mappings,
            });
        }

        return ($"_index_template/{name}", new JsonObject
        {
            ["index_patterns"] = patterns,
            ["priority"] = 500,
            ["template"] = new JsonObject { ["settings"] = indexSettings, ["mappings"] = mappings },
        });
    }

    private static JsonObject Keyword(int limit = KeywordLimit) => new() { ["type"] = "keyword", ["ignore_above"] = limit };

    private static JsonObject TagList() => new()
    {
        ["type"] = "nested",
        ["dynamic"] = false,
        ["properties"] = new JsonObject { ["key"] = Keyword(), ["value"] = Keyword(ValueLimit), ["type"] = Keyword() },
    };

    private static JsonObject TagMap(string name, string path) => new()
    {
        [name] = new JsonObject { ["mapping"] = Keyword(ValueLimit), ["path_match"] = path },
    };

    private static JsonObject SpanMappings() => new()
    {
        ["dynamic_templates"] = new JsonArray(TagMap("span_tags_map", "tag.*"), TagMap("process_tags_map", "process.tag.*")),
        ["properties"] = new JsonObject
        {
            ["tenant"] = Keyword(),
            ["traceID"] = Keyword(),
            ["spanID"] = Keyword(),
            ["parentSpanID"] = Keyword(),
            ["operationName"] = Keyword(),
            ["flags"] = new JsonObject { ["type"] = "integer" },
            ["startTime"] = new JsonObject { ["type"] = "long" },
            ["startTimeMillis"] = new JsonObject { ["type"] = "date", ["format"] = "epoch_millis" },
            ["duration"] = new JsonObject { ["type"] = "long" },
            ["references"] = new JsonObject
            {
                ["type"] = "nested",
                ["dynamic"] = false,
                ["properties"] = new JsonObject { ["refType"] = Keyword(), ["traceID"] = Keyword(), ["spanID"] = Keyword() },
            },
            ["tags"] = TagList(),
            ["tag"] = new JsonObject { ["type"] = "object" },
            ["logs"] = new JsonObject
            {
                ["type"] = "nested",
                ["dynamic"] = false,
                ["properties"] = new JsonObject { ["timestamp"] = new JsonObject { ["type"] = "long" }, ["fields"] = TagList() },
            },
            ["process"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["serviceName"] = Keyword(),
                    ["tags"] = TagList(),
                    ["tag"] = new JsonObject { ["type"] = "object" },
                },
            },
            ["linkTags"] = TagList(),
            ["otlp"] = new JsonObject { ["type"] = "binary" },
        },
    };

    private static JsonObject ServiceMappings() => new()
    {
        ["properties"] = new JsonObject { ["tenant"] = Keyword(), ["serviceName"] = Keyword(), ["operationName"] = Keyword(), ["spanKind"] = Keyword() },
    };
}
