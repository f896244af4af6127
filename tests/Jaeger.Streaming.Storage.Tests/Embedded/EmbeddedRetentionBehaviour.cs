using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Jaeger.Streaming.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jaeger.Streaming.Storage.Tests.Embedded;

/// <summary>Storage:Embedded:Retention, enforced by the writer's hosted job on a clock the test controls.</summary>
public sealed class EmbeddedRetentionBehaviour : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "jaeger-embedded-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spans_older_than_the_default_seven_days_are_deleted_and_newer_ones_kept()
    {
        var expired = Otlp.NewTraceId();
        var kept = Otlp.NewTraceId();
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(expired, start: Now.AddDays(-7).AddMinutes(-1)), Otlp.Span(kept, start: Now.AddDays(-7).AddMinutes(1)))], Ct);

        await retention.RunOnceAsync(Ct);

        await using var query = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader());
        var reader = query.GetRequiredService<ITraceReader>();
        Assert.Null(await reader.GetTraceAsync(ReadScope.Default, expired.Id, null, Ct));
        Assert.NotNull(await reader.GetTraceAsync(ReadScope.Default, kept.Id, null, Ct));
    }

    [Fact]
    public async Task Deleting_expired_spans_also_deletes_their_attribute_index_rows()
    {
        await using var ingester = Writer(out var writer, out var retention);
        var spans = Enumerable.Range(0, EmbeddedRetention.ChunkSpans + 1)
            .Select(i => Otlp.Span(Otlp.NewTraceId(), start: Now.AddDays(-30).AddSeconds(i)))
            .Append(Otlp.Span(Otlp.NewTraceId(), start: Now.AddHours(-1)))
            .ToArray();
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", spans)], Ct);

        await retention.RunOnceAsync(Ct);

        var (remaining, orphanedPairs, pairs) = Count();
        Assert.Equal(1, remaining);
        Assert.Equal(0, orphanedPairs);
        Assert.True(pairs > 0, "the kept span should still be indexed");
    }

    [Fact]
    public async Task A_service_whose_spans_have_all_expired_is_no_longer_listed()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("legacy-billing", Otlp.Span(Otlp.NewTraceId(), "charge", start: Now.AddDays(-8)))], Ct);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddDays(-8)), Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddHours(-1)))], Ct);

        await retention.RunOnceAsync(Ct);

        var reader = Reader(out var query);
        await using (query)
        {
            Assert.Equal(["cart"], await reader.GetServicesAsync(ReadScope.Default, Ct));
            Assert.Empty(await reader.GetOperationsAsync(ReadScope.Default, "legacy-billing", null, Ct));
        }
    }

    [Fact]
    public async Task A_service_pruned_by_retention_is_listed_again_when_it_sends_spans_again()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("legacy-billing", Otlp.Span(Otlp.NewTraceId(), "charge", start: Now.AddDays(-8)))], Ct);
        await retention.RunOnceAsync(Ct);

        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("legacy-billing", Otlp.Span(Otlp.NewTraceId(), "charge", start: Now.AddMinutes(-1)))], Ct);

        var reader = Reader(out var query);
        await using (query)
        {
            Assert.Equal(["legacy-billing"], await reader.GetServicesAsync(ReadScope.Default, Ct));
            Assert.Equal(["charge"], (await reader.GetOperationsAsync(ReadScope.Default, "legacy-billing", null, Ct)).Select(operation => operation.Name));
        }
    }

    [Fact]
    public async Task A_service_pruned_by_retention_is_listed_again_by_a_span_that_started_soon_after_its_last()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("legacy-billing", Otlp.Span(Otlp.NewTraceId(), "charge", start: Now.AddDays(-7).AddMinutes(-10)))], Ct);
        await retention.RunOnceAsync(Ct);

        // 20 minutes after the pruned span: too soon to refresh a row the writer still believed was there.
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("legacy-billing", Otlp.Span(Otlp.NewTraceId(), "charge", start: Now.AddDays(-7).AddMinutes(10)))], Ct);

        Assert.Equal(["charge"], await OperationsAsync("legacy-billing"));
    }

    [Fact]
    public async Task An_operation_that_stopped_is_no_longer_listed_while_its_service_goes_on()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "GET /cart/v1", start: Now.AddDays(-8)))], Ct);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "GET /cart/v2", start: Now.AddHours(-1)))], Ct);

        await retention.RunOnceAsync(Ct);

        Assert.Equal(["GET /cart/v2"], await OperationsAsync("cart"));
    }

    [Fact]
    public async Task An_operation_seen_again_within_the_retention_stays_listed()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddDays(-8)))], Ct);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddHours(-2)))], Ct);

        await retention.RunOnceAsync(Ct);

        Assert.Equal(["add"], await OperationsAsync("cart"));
    }

    [Fact]
    public async Task An_operation_stays_listed_while_a_span_of_it_is_stored_though_its_last_seen_lags_by_less_than_an_hour()
    {
        await using var ingester = Writer(out var writer, out var retention);

        // The second span is within the refresh interval of the first, so the row keeps the first one's start, which is past the retention.
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddDays(-7).AddMinutes(-10)))], Ct);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddDays(-7).AddMinutes(20)))], Ct);

        await retention.RunOnceAsync(Ct);

        Assert.Equal(["add"], await OperationsAsync("cart"));
    }

    [Fact]
    public async Task An_operation_pruned_by_retention_is_listed_again_when_it_is_seen_again()
    {
        await using var ingester = Writer(out var writer, out var retention);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "checkout", start: Now.AddDays(-8)), Otlp.Span(Otlp.NewTraceId(), "add", start: Now.AddHours(-1)))], Ct);
        await retention.RunOnceAsync(Ct);
        Assert.Equal(["add"], await OperationsAsync("cart"));

        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "checkout", start: Now.AddMinutes(-1)))], Ct);

        Assert.Equal(["add", "checkout"], await OperationsAsync("cart"));
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private ServiceProvider Writer(out ITraceWriter writer, out EmbeddedRetention retention)
    {
        var container = EmbeddedStoreHarness.Container(_dataDir, s =>
        {
            s.AddSingleton<TimeProvider>(new FixedClock(Now));
            s.AddEmbeddedTraceWriter();
        });
        writer = container.GetRequiredService<ITraceWriter>();
        retention = container.GetServices<IHostedService>().OfType<EmbeddedRetention>().Single();
        return container;
    }

    private async Task<List<string>> OperationsAsync(string service)
    {
        var reader = Reader(out var query);
        await using (query)
        {
            return [.. (await reader.GetOperationsAsync(ReadScope.Default, service, null, Ct)).Select(operation => operation.Name).Order(StringComparer.Ordinal)];
        }
    }

    private ITraceReader Reader(out ServiceProvider container)
    {
        container = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader());
        return container.GetRequiredService<ITraceReader>();
    }

    /// <summary>Spans, index rows pointing at no span, and all index rows, read without the writer.</summary>
    private (long Spans, long OrphanedPairs, long Pairs) Count()
    {
        using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM spans),
                   (SELECT count(*) FROM span_attributes WHERE rowid NOT IN (SELECT id FROM spans)),
                   (SELECT count(*) FROM span_attributes)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
