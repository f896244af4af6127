using System.Text.Json.Nodes;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>Index names, templates per engine, and the retention cleaner against recorded answers.</summary>
public sealed class IndexLifecycleBehaviour
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Reads_name_every_day_of_the_range_and_only_those()
    {
        var names = new JaegerIndexNames("prod-", useAliases: false);

        Assert.Equal(
            "prod-jaeger-span-2026-11-30,prod-jaeger-span-2026-12-01,prod-jaeger-span-2026-12-02",
            names.SpanReadIndices(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>A search may ask for any time a client can write, up to the last day of the calendar.</summary>
    [Fact]
    public void Reads_of_the_calendars_last_days_name_them()
    {
        var names = new JaegerIndexNames("", useAliases: false);

        Assert.Equal(
            "jaeger-span-9999-12-30,jaeger-span-9999-12-31",
            names.SpanReadIndices(new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue));
    }

    [Fact]
    public void A_day_is_the_utc_day_whatever_the_offset()
    {
        var names = new JaegerIndexNames("", useAliases: false);

        Assert.Equal("jaeger-span-2026-11-24", names.SpanWriteIndex(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Tenant_prefix_follows_the_configured_prefix()
    {
        var options = new ElasticsearchOptions { IndexPrefix = "prod", TenantIndices = true };

        Assert.Equal("prod-acme-", JaegerIndexNames.For(options, "acme").Prefix);
        Assert.Equal("prod-", JaegerIndexNames.For(options, null).Prefix);
    }

    [Fact]
    public void Only_daily_indices_of_the_prefix_have_a_day()
    {
        var names = new JaegerIndexNames("prod-", useAliases: false);

        Assert.Equal(new DateOnly(2026, 11, 23), names.DayOf("prod-jaeger-service-2026-11-23"));
        Assert.Null(names.DayOf("prod-acme-jaeger-span-2026-11-23"));
        Assert.Null(names.DayOf("prod-jaeger-span-000001"));
    }

    [Fact]
    public void Elasticsearch_7_gets_legacy_templates_and_8_and_opensearch_composable_ones()
    {
        var names = new JaegerIndexNames("prod-", useAliases: false);
        var settings = new IndexTemplateSettings(3, 1, null, TenantIndices: false);

        Assert.Equal(["_template/prod-jaeger-span", "_template/prod-jaeger-service"], JaegerIndexTemplates.For(ElasticsearchEngine.Elasticsearch7, names, settings).Select(t => t.Path));
        Assert.Equal(["_index_template/prod-jaeger-span", "_index_template/prod-jaeger-service"], JaegerIndexTemplates.For(ElasticsearchEngine.Elasticsearch8, names, settings).Select(t => t.Path));
        var openSearch = JaegerIndexTemplates.For(ElasticsearchEngine.OpenSearch2, names, settings)[0].Body;
        Assert.Equal("""["prod-jaeger-span-*"]""", openSearch["index_patterns"]!.ToJsonString());
        Assert.Equal(3, openSearch["template"]!["settings"]!["index.number_of_shards"]!.GetValue<int>());
    }

    [Fact]
    public void Span_template_maps_jaegers_fields_with_nested_tag_lists()
    {
        var body = JaegerIndexTemplates.For(ElasticsearchEngine.Elasticsearch8, new JaegerIndexNames("", false), new IndexTemplateSettings(1, 0, null, false))[0].Body;
        var properties = body["template"]!["mappings"]!["properties"]!;

        Assert.Equal("nested", properties["tags"]!["type"]!.GetValue<string>());
        Assert.Equal("nested", properties["logs"]!["properties"]!["fields"]!["type"]!.GetValue<string>());
        Assert.Equal("nested", properties["process"]!["properties"]!["tags"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", properties["traceID"]!["type"]!.GetValue<string>());
        Assert.Equal("long", properties["startTime"]!["type"]!.GetValue<string>());
        Assert.Equal("epoch_millis", properties["startTimeMillis"]!["format"]!.GetValue<string>());
        Assert.Equal(8191, properties["tags"]!["properties"]!["value"]!["ignore_above"]!.GetValue<int>());
    }

    [Fact]
    public void Tenant_indices_are_covered_by_the_prefixs_templates_and_lifecycle_policies_name_the_write_alias()
    {
        var body = JaegerIndexTemplates.For(ElasticsearchEngine.Elasticsearch8, new JaegerIndexNames("prod-", false), new IndexTemplateSettings(1, 0, "jaeger-ilm", true))[0].Body;

        Assert.Equal("""["prod-jaeger-span-*","prod-*-jaeger-span-*"]""", body["index_patterns"]!.ToJsonString());
        Assert.Equal("jaeger-ilm", body["template"]!["settings"]!["index.lifecycle.name"]!.GetValue<string>());
        Assert.Equal("prod-jaeger-span-write", body["template"]!["settings"]!["index.lifecycle.rollover_alias"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"version":{"number":"7.17.9"}}""", ElasticsearchEngine.Elasticsearch7)]
    [InlineData("""{"version":{"number":"8.15.3","build_flavor":"default"}}""", ElasticsearchEngine.Elasticsearch8)]
    [InlineData("""{"version":{"distribution":"opensearch","number":"2.13.0"}}""", ElasticsearchEngine.OpenSearch2)]
    public void The_engine_is_detected_from_the_root_endpoint(string root, ElasticsearchEngine engine) =>
        Assert.Equal(engine, ElasticsearchEngines.Detect(System.Text.Json.JsonDocument.Parse(root).RootElement));

    [Fact]
    public async Task The_cleaner_dry_run_lists_expired_daily_indices_of_its_prefix_without_deleting()
    {
        var es = new RecordedElasticsearch().Ok(CatIndices);
        var cleaner = new IndexCleaner(es.Client(), new FixedClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));

        var expired = await cleaner.CleanAsync(new JaegerIndexNames("prod-", false), keepDays: 7, dryRun: true, Ct);

        Assert.Equal(["prod-jaeger-service-2026-11-15", "prod-jaeger-span-2026-11-01", "prod-jaeger-span-2026-11-15"], expired);
        Assert.Single(es.Sent);
        Assert.Equal("/_cat/indices/prod-jaeger-span-*,prod-jaeger-service-*?format=json&h=index&expand_wildcards=open,closed", es.Sent[0].PathAndQuery);
    }

    [Fact]
    public async Task The_cleaner_deletes_each_expired_index_by_name()
    {
        var es = new RecordedElasticsearch().Ok(CatIndices).Ok("""{"acknowledged":true}""").Ok("""{"acknowledged":true}""").Ok("""{"acknowledged":true}""");
        var cleaner = new IndexCleaner(es.Client(), new FixedClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));

        await cleaner.CleanAsync(new JaegerIndexNames("prod-", false), keepDays: 7, dryRun: false, Ct);

        Assert.Equal(
            ["DELETE /prod-jaeger-service-2026-11-15", "DELETE /prod-jaeger-span-2026-11-01", "DELETE /prod-jaeger-span-2026-11-15"],
            es.Sent.Skip(1).Select(s => $"{s.Method} {s.PathAndQuery}"));
    }

    // The 16th is exactly 7 days before the 23rd and is kept; another prefix's and rollover indices are never touched.
    private const string CatIndices = """
        [{"index":"prod-jaeger-span-2026-11-23"},{"index":"prod-jaeger-span-2026-11-16"},{"index":"prod-jaeger-span-2026-11-15"},
         {"index":"prod-jaeger-service-2026-11-15"},{"index":"prod-jaeger-span-2026-11-01"},{"index":"prod-jaeger-span-000001"},
         {"index":"prod-jaeger-span-2026-11-01-restored"}]
        """;
}
