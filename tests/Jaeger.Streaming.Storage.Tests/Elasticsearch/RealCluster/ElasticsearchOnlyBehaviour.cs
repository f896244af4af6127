using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Storage.Tests.Conformance;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.RealCluster;

/// <summary>What only the Elasticsearch backend has, against a real cluster: daily indices, aliases, retention, tenant prefixes, the read-only role.</summary>
public sealed class ElasticsearchOnlyBehaviour(ElasticsearchTarget target) : IClassFixture<ElasticsearchTarget>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spans_either_side_of_midnight_land_in_two_daily_indices_and_one_search_finds_both()
    {
        await using var store = await OpenAsync();
        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var before = Otlp.NewTraceId();
        var after = Otlp.NewTraceId();
        await store.Writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(before, start: midnight.AddTicks(-10)), Otlp.Span(after, start: midnight))], Ct);
        await store.MakeWritesVisibleAsync();

        var indices = await IndicesAsync(store);
        var found = await store.Reader.FindTraceIdsAsync(ReadScope.Default, new TraceQuery { StartTimeMin = midnight.AddMinutes(-1), StartTimeMax = midnight.AddMinutes(1) }, Ct);

        Assert.Contains(JaegerIndexNames.DailyName(store.Prefix + "-", JaegerIndexNames.Span, midnight.AddDays(-1)), indices);
        Assert.Contains(JaegerIndexNames.DailyName(store.Prefix + "-", JaegerIndexNames.Span, midnight), indices);
        Assert.Equal([after.Id, before.Id], found);
    }

    [Fact]
    public async Task Rollover_mode_writes_through_the_write_alias_and_reads_through_the_read_alias()
    {
        await using var store = await OpenAsync(s => s["Storage:Elasticsearch:UseAliases"] = "true");
        var trace = Otlp.NewTraceId();
        await store.Writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(trace, start: DateTimeOffset.UtcNow.AddMinutes(-1)))], Ct);
        await store.MakeWritesVisibleAsync();

        Assert.Contains($"{store.Prefix}-jaeger-span-000001", await IndicesAsync(store));
        Assert.NotNull(await store.Reader.GetTraceAsync(ReadScope.Default, trace.Id, null, Ct));
    }

    [Fact]
    public async Task The_cleaner_deletes_daily_indices_older_than_the_retention_and_a_dry_run_deletes_nothing()
    {
        await using var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await store.Writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: now.AddDays(-10)), Otlp.Span(Otlp.NewTraceId(), start: now))], Ct);
        var cleaner = store.Ingester.GetRequiredService<IndexCleaner>();
        var names = new JaegerIndexNames(store.Prefix + "-", useAliases: false);
        var old = new[] { JaegerIndexNames.DailyName(names.Prefix, JaegerIndexNames.Service, now.AddDays(-10)), JaegerIndexNames.DailyName(names.Prefix, JaegerIndexNames.Span, now.AddDays(-10)) };

        Assert.Equal(old, await cleaner.CleanAsync(names, keepDays: 3, dryRun: true, Ct));
        Assert.Subset((await IndicesAsync(store)).ToHashSet(), old.ToHashSet());

        Assert.Equal(old, await cleaner.CleanAsync(names, keepDays: 3, dryRun: false, Ct));
        var left = await IndicesAsync(store);
        Assert.DoesNotContain(old[1], left);
        Assert.Contains(JaegerIndexNames.DailyName(names.Prefix, JaegerIndexNames.Span, now), left);
    }

    [Fact]
    public async Task Gzipped_bulk_bodies_are_stored_and_read_back_whole()
    {
        await using var store = await OpenAsync(s => s["Storage:Elasticsearch:Writer:Compression"] = "gzip");
        var trace = Otlp.NewTraceId();
        var spans = Enumerable.Range(0, 50).Select(i => Otlp.Span(trace, $"op-{i % 5}", DateTimeOffset.UtcNow.AddMinutes(-1)).With(Otlp.Attr("item", i))).ToArray();

        await store.Writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", spans)], Ct);
        await store.MakeWritesVisibleAsync();

        var read = await store.Reader.GetTraceAsync(ReadScope.Default, trace.Id, null, Ct);
        Assert.NotNull(read);
        Assert.Equal(50, read.Trace.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
    }

    [Fact]
    public async Task Tenant_indices_keep_each_tenants_spans_in_its_own_indices()
    {
        await using var store = await OpenAsync(s => s["Storage:Elasticsearch:TenantIndices"] = "true");
        var trace = Otlp.NewTraceId();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await store.Writer.WriteAsync("acme", [Otlp.ResourceSpans("cart", Otlp.Span(trace, start: now))], Ct);
        await store.MakeWritesVisibleAsync();

        Assert.Contains(JaegerIndexNames.DailyName($"{store.Prefix}-acme-", JaegerIndexNames.Span, now), await IndicesAsync(store));
        Assert.NotNull(await store.Reader.GetTraceAsync(ReadScope.AllServicesOf("acme"), trace.Id, null, Ct));
        Assert.Null(await store.Reader.GetTraceAsync(ReadScope.AllServicesOf("bravo"), trace.Id, null, Ct));
    }

    [Fact]
    public async Task The_read_only_credential_cannot_write()
    {
        await using var store = await OpenAsync();
        var reader = store.Query.GetRequiredService<ElasticsearchClient>();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"" + store.Prefix + "-jaeger-span-2026-01-01\"}}\n{\"traceID\":\"x\"}\n");

        var response = await reader.SendAsync(HttpMethod.Post, "_bulk", body, ElasticsearchClient.NdjsonContentType, Ct);

        var refused = response.IsSuccess ? System.Text.Encoding.UTF8.GetString(response.Body) : "";
        Assert.True(response.StatusCode == 403 || refused.Contains("security_exception", StringComparison.Ordinal), $"HTTP {response.StatusCode}: {refused}");
    }

    private async Task<ElasticsearchStoreHarness> OpenAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        if (target.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return await ElasticsearchStoreHarness.OpenAsync(target, configure);
    }

    private static async Task<List<string>> IndicesAsync(ElasticsearchStoreHarness store)
    {
        var client = store.Ingester.GetRequiredService<ElasticsearchClient>();
        using var json = (await client.GetAsync($"_cat/indices/{store.Prefix}-*?format=json&h=index", Ct)).EnsureSuccess("Listing").Json();
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("index").GetString()!)];
    }
}
