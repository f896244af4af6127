using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Storage;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Jaeger.Streaming.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Embedded;

/// <summary>What the embedded store promises beyond the conformance suite: read-only queries, late start, concurrency.</summary>
public sealed class EmbeddedStoreBehaviour : IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "jaeger-embedded-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reader_started_before_the_database_exists_finds_nothing_and_creates_nothing()
    {
        await using var query = Reader(out var reader);

        Assert.Empty(await reader.GetServicesAsync(ReadScope.Default, Ct));
        Assert.Empty(await reader.FindTracesAsync(ReadScope.Default, AnyTime(), Ct));
        Assert.Null(await reader.GetTraceAsync(ReadScope.Default, Otlp.NewTraceId().Id, null, Ct));
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public async Task Reader_started_before_the_database_exists_sees_later_writes()
    {
        await using var query = Reader(out var reader);
        Assert.Empty(await reader.GetServicesAsync(ReadScope.Default, Ct));
        var trace = Otlp.NewTraceId();

        await using var ingester = Writer(out var writer);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(trace))], Ct);

        Assert.Equal(["cart"], await reader.GetServicesAsync(ReadScope.Default, Ct));
        Assert.NotNull(await reader.GetTraceAsync(ReadScope.Default, trace.Id, null, Ct));
    }

    [Fact]
    public async Task Reader_cannot_modify_the_database()
    {
        await using var ingester = Writer(out var writer);
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId()))], Ct);
        await using var query = Reader(out var reader);

        var error = Assert.Throws<SqliteException>(() =>
        {
            using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM spans";
            command.ExecuteNonQuery();
        });

        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY: the mode the reader opens with cannot write.
    }

    [Fact]
    public async Task Concurrent_writes_are_all_stored()
    {
        await using var ingester = Writer(out var writer);
        var traces = Enumerable.Range(0, 16).Select(_ => Otlp.NewTraceId()).ToArray();

        await Task.WhenAll(traces.Select(t => Task.Run(
            () => writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(t), Otlp.Span(t), Otlp.Span(t))], Ct),
            Ct)));

        await using var query = Reader(out var reader);
        var found = await reader.FindTraceIdsAsync(ReadScope.Default, AnyTime() with { SearchDepth = 100 }, Ct);
        Assert.Equal(traces.Length, found.Count);
        Assert.Equal(traces.Select(t => t.Id).ToHashSet(), found.ToHashSet());
    }

    [Fact]
    public async Task Each_of_many_concurrent_writes_is_readable_as_soon_as_it_completes()
    {
        // Concurrent callers share transactions; none may complete before the transaction holding its spans commits.
        await using var ingester = Writer(out var writer);
        await using var query = Reader(out var reader);
        var traces = Enumerable.Range(0, 32).Select(_ => Otlp.NewTraceId()).ToArray();

        var stored = await Task.WhenAll(traces.Select(t => Task.Run(
            async () =>
            {
                await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(t), Otlp.Span(t))], Ct);
                return await reader.GetTraceAsync(ReadScope.Default, t.Id, null, Ct);
            },
            Ct)));

        Assert.All(stored, Assert.NotNull);
    }

    [Fact]
    public async Task A_write_cancelled_before_it_is_committed_is_not_stored_by_a_later_write()
    {
        await using var ingester = Writer(out var writer);
        var cancelled = Otlp.NewTraceId();
        var later = Otlp.NewTraceId();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(cancelled))], new CancellationToken(canceled: true)));
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(later))], Ct);

        await using var query = Reader(out var reader);
        Assert.Null(await reader.GetTraceAsync(ReadScope.Default, cancelled.Id, null, Ct));
        Assert.NotNull(await reader.GetTraceAsync(ReadScope.Default, later.Id, null, Ct));
    }

    [Fact]
    public async Task Two_writers_on_one_data_dir_interleave_without_losing_spans()
    {
        // Two ingesters of one group may share a data dir; each must see the rows the other wrote.
        await using var first = Writer(out var one);
        await using var second = Writer(out var two);
        var traces = Enumerable.Range(0, 6).Select(_ => Otlp.NewTraceId()).ToArray();

        for (var i = 0; i < traces.Length; i++)
        {
            var writer = i % 2 == 0 ? one : two;
            await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(traces[i]), Otlp.Span(traces[i]))], Ct);
        }

        await using var query = Reader(out var reader);
        foreach (var trace in traces)
        {
            var stored = await reader.GetTraceAsync(ReadScope.Default, trace.Id, null, Ct);
            Assert.Equal(2, stored!.Trace.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
        }
    }

    [Fact]
    public async Task Writer_creates_the_data_directory()
    {
        await using var ingester = Writer(out _);

        Assert.True(File.Exists(Path.Combine(_dataDir, EmbeddedStoreSchema.FileName)));
    }

    [Fact]
    public async Task Writer_rejects_a_span_with_a_malformed_trace_id_and_writes_none_of_its_batch()
    {
        await using var ingester = Writer(out var writer);
        var good = Otlp.Span(Otlp.NewTraceId());
        var bad = Otlp.Span(Otlp.NewTraceId());
        bad.TraceId = Google.Protobuf.ByteString.CopyFrom(1, 2, 3);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", good, bad)], Ct));

        await using var query = Reader(out var reader);
        Assert.Empty(await reader.FindTraceIdsAsync(ReadScope.Default, AnyTime(), Ct));
    }

    // Each trace a search finds is loaded whole: a search asking for a million must not hold the store in memory.
    [Theory]
    [InlineData(null, 1000)]
    [InlineData("3", 3)]
    public async Task A_search_returns_at_most_the_readers_max_search_depth_whatever_it_asks(string? configured, int cap)
    {
        await using var ingester = Writer(out var writer);
        var traces = Enumerable.Range(0, Math.Min(cap + 2, 1002)).Select(_ => Otlp.NewTraceId()).ToArray();
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", [.. traces.Select(t => Otlp.Span(t))])], Ct);
        await using var query = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader(),
            configured is null ? null : new Dictionary<string, string?> { ["Storage:Embedded:Reader:MaxSearchDepth"] = configured });
        var reader = query.GetRequiredService<ITraceReader>();

        Assert.Equal(cap, (await reader.FindTraceIdsAsync(ReadScope.Default, AnyTime() with { SearchDepth = 1_000_000 }, Ct)).Count);
        Assert.Equal(cap, (await reader.FindTracesAsync(ReadScope.Default, AnyTime() with { SearchDepth = 1_000_000 }, Ct)).Count);
        Assert.Equal(2, (await reader.FindTraceIdsAsync(ReadScope.Default, AnyTime() with { SearchDepth = 2 }, Ct)).Count);
    }

    // A read that would hold more spans than the limit is refused before it holds them, by id and by search alike.
    [Fact]
    public async Task A_read_needing_more_spans_than_the_limit_is_refused_naming_the_setting()
    {
        await using var ingester = Writer(out var writer);
        var (five, six, threeA, threeB) = (Otlp.NewTraceId(), Otlp.NewTraceId(), Otlp.NewTraceId(), Otlp.NewTraceId());
        await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", [.. Spans(five, 5), .. Spans(six, 6)]), Otlp.ResourceSpans("pay", [.. Spans(threeA, 3), .. Spans(threeB, 3)])], Ct);
        await using var query = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader(),
            new Dictionary<string, string?> { ["Storage:Embedded:Reader:MaxSpansPerRead"] = "5" });
        var reader = query.GetRequiredService<ITraceReader>();

        Assert.NotNull(await reader.GetTraceAsync(ReadScope.Default, five.Id, null, Ct));
        var byId = await Assert.ThrowsAsync<TraceReadTooLargeException>(() => reader.GetTraceAsync(ReadScope.Default, six.Id, null, Ct));
        var bySearch = await Assert.ThrowsAsync<TraceReadTooLargeException>(() => reader.FindTracesAsync(ReadScope.Default, AnyTime() with { ServiceName = "pay" }, Ct));
        Assert.Equal(2, (await reader.FindTraceIdsAsync(ReadScope.Default, AnyTime() with { ServiceName = "pay" }, Ct)).Count);
        Assert.Single(await reader.FindTracesAsync(ReadScope.Default, AnyTime() with { ServiceName = "pay", SearchDepth = 1 }, Ct));
        Assert.All([byId.Message, bySearch.Message], message => Assert.Contains("Storage:Embedded:Reader:MaxSpansPerRead", message, StringComparison.Ordinal));

        static IEnumerable<Span> Spans(TraceIdBytes trace, int count) => Enumerable.Range(0, count).Select(_ => Otlp.Span(trace));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public async Task A_max_search_depth_out_of_range_is_refused_naming_the_setting(string configured)
    {
        await using var query = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader(),
            new Dictionary<string, string?> { ["Storage:Embedded:Reader:MaxSearchDepth"] = configured });

        var error = Assert.Throws<OptionsValidationException>(() => query.GetRequiredService<ITraceReader>());

        Assert.Contains("Storage:Embedded:Reader:MaxSearchDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_data_dir_is_refused_naming_the_setting()
    {
        await using var ingester = EmbeddedStoreHarness.Container(" ", s => s.AddEmbeddedTraceWriter());

        var error = Assert.Throws<OptionsValidationException>(() => ingester.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value);

        Assert.Contains("Storage:Embedded:DataDir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_refuses_a_store_of_an_older_schema_version_saying_how_to_recover()
    {
        CreateStoreOfVersion(2);

        await using var ingester = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceWriter());
        var error = Assert.Throws<InvalidOperationException>(() => ingester.GetRequiredService<ITraceWriter>());

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Embedded:DataDir", error.Message, StringComparison.Ordinal);
        Assert.Contains("not migrated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_refuses_a_store_of_an_older_schema_version_saying_how_to_recover()
    {
        CreateStoreOfVersion(2);
        await using var query = Reader(out var reader);

        var error = await Assert.ThrowsAsync<TraceStoreUnavailableException>(() => reader.GetServicesAsync(ReadScope.Default, Ct));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Embedded:DataDir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_migrates_a_version_3_store_in_place_keeping_its_spans_and_operations()
    {
        var trace = Otlp.NewTraceId();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var before = Writer(out var writer))
        {
            await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(trace, "add", start: start))], Ct);
        }

        DowngradeToVersion3();
        await using (Writer(out _))
        {
        }

        Assert.Equal((4L, StoredSpan.UnixNanos(start)), ((long)Scalar("PRAGMA user_version"), (long)Scalar("SELECT last_seen_ns FROM operations")));
        await using var query = Reader(out var reader);
        Assert.Equal(["add"], (await reader.GetOperationsAsync(ReadScope.Default, "cart", null, Ct)).Select(operation => operation.Name));
        Assert.NotNull(await reader.GetTraceAsync(ReadScope.Default, trace.Id, null, Ct));
    }

    [Fact]
    public async Task Reader_reads_a_version_3_store_the_writer_has_not_migrated_yet()
    {
        await using (var before = Writer(out var writer))
        {
            await writer.WriteAsync(TenantName.Default, [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "add"))], Ct);
        }

        DowngradeToVersion3();
        await using var query = Reader(out var reader);

        Assert.Equal(["cart"], await reader.GetServicesAsync(ReadScope.Default, Ct));
        Assert.Equal(3L, (long)Scalar("PRAGMA user_version"));
    }

    [Fact]
    public async Task A_span_is_stored_with_its_tenant_parent_id_and_error_flag_as_columns()
    {
        await using var ingester = Writer(out var writer);
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace);
        var child = Otlp.Span(trace, parent: root.SpanId);
        child.Status = new Status { Code = Status.Types.StatusCode.Error };
        await writer.WriteAsync("acme", [Otlp.ResourceSpans("cart", root, child)], Ct);

        using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, span_id, parent_span_id, error FROM spans ORDER BY parent_span_id IS NOT NULL";
        using var rows = command.ExecuteReader();
        Assert.True(rows.Read());
        Assert.Equal(("acme", EmbeddedStoreSchema.SpanIdValue(root.SpanId.Span), true, 0L), (rows.GetString(0), rows.GetInt64(1), rows.IsDBNull(2), rows.GetInt64(3)));
        Assert.True(rows.Read());
        Assert.Equal(("acme", EmbeddedStoreSchema.SpanIdValue(child.SpanId.Span), EmbeddedStoreSchema.SpanIdValue(root.SpanId.Span), 1L), (rows.GetString(0), rows.GetInt64(1), rows.GetInt64(2), rows.GetInt64(3)));
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The layout a version-3 release wrote: this one's without <c>operations.last_seen_ns</c>.</summary>
    private void DowngradeToVersion3()
    {
        using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "ALTER TABLE operations DROP COLUMN last_seen_ns; PRAGMA user_version = 3;";
        command.ExecuteNonQuery();
    }

    private object Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }

    /// <summary>A store as an earlier release left it: some table, and the schema version it stamped.</summary>
    private void CreateStoreOfVersion(int version)
    {
        Directory.CreateDirectory(_dataDir);
        using var connection = new SqliteConnection($"Data Source={EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = _dataDir })};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE spans (id INTEGER PRIMARY KEY, trace_id BLOB, span_id BLOB); PRAGMA user_version = {version};";
        command.ExecuteNonQuery();
    }

    private static TraceQuery AnyTime() => new() { StartTimeMin = DateTimeOffset.UnixEpoch, StartTimeMax = DateTimeOffset.UtcNow.AddDays(1) };

    private ServiceProvider Writer(out ITraceWriter writer)
    {
        var container = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceWriter());
        writer = container.GetRequiredService<ITraceWriter>();
        return container;
    }

    private ServiceProvider Reader(out ITraceReader reader)
    {
        var container = EmbeddedStoreHarness.Container(_dataDir, s => s.AddEmbeddedTraceReader());
        reader = container.GetRequiredService<ITraceReader>();
        return container;
    }
}
