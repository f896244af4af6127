using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>
/// DESIGN §4 as executable specification. Every storage backend runs these unchanged, through its
/// <see cref="TraceStoreHarness"/>; each test gets a fresh, empty store.
/// </summary>
public abstract partial class TraceStoreConformance : IAsyncLifetime
{
    // Recent, so stores partitioned by day (Elasticsearch) see ordinary data; whole seconds keep the arithmetic readable.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());

    private TraceStoreHarness? _store;

    private TraceStoreHarness Store => _store ?? throw new InvalidOperationException("The store is opened in InitializeAsync.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new, empty, isolated store of the backend under test.</summary>
    protected abstract Task<TraceStoreHarness> OpenStoreAsync();

    // ---- Search conditions -------------------------------------------------------------------------------------

    [Fact]
    public async Task Finds_trace_by_service_name()
    {
        var wanted = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(wanted, start: T0)), Otlp.ResourceSpans("billing", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Equal([wanted.Id], await FindIdsAsync(Query() with { ServiceName = "cart" }));
    }

    [Fact]
    public async Task Finds_trace_by_exact_operation_name_only()
    {
        var wanted = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(
            "cart",
            Otlp.Span(wanted, "GET /cart", T0),
            Otlp.Span(Otlp.NewTraceId(), "GET /cart/items", T0),
            Otlp.Span(Otlp.NewTraceId(), "get /cart", T0)));

        Assert.Equal([wanted.Id], await FindIdsAsync(Query() with { ServiceName = "cart", OperationName = "GET /cart" }));
    }

    [Fact]
    public async Task Start_time_range_is_inclusive_at_both_ends()
    {
        var before = Otlp.NewTraceId();
        var atMin = Otlp.NewTraceId();
        var atMax = Otlp.NewTraceId();
        var after = Otlp.NewTraceId();
        var min = T0.AddSeconds(10);
        var max = T0.AddSeconds(20);
        await WriteAsync(Otlp.ResourceSpans(
            "cart",
            Otlp.Span(before, start: min.AddTicks(-10)),
            Otlp.Span(atMin, start: min),
            Otlp.Span(atMax, start: max),
            Otlp.Span(after, start: max.AddTicks(10))));

        var found = await FindIdsAsync(Query() with { StartTimeMin = min, StartTimeMax = max });

        Assert.Equal([atMax.Id, atMin.Id], found);
    }

    [Fact]
    public async Task Duration_range_is_inclusive_at_both_ends_with_microsecond_precision()
    {
        var tooShort = Otlp.NewTraceId();
        var atMin = Otlp.NewTraceId();
        var atMax = Otlp.NewTraceId();
        var tooLong = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(
            "cart",
            Otlp.Span(tooShort, start: T0.AddSeconds(1), duration: TimeSpan.FromMicroseconds(999)),
            Otlp.Span(atMin, start: T0.AddSeconds(2), duration: TimeSpan.FromMicroseconds(1000)),
            Otlp.Span(atMax, start: T0.AddSeconds(3), duration: TimeSpan.FromMicroseconds(2000)),
            Otlp.Span(tooLong, start: T0.AddSeconds(4), duration: TimeSpan.FromMicroseconds(2001))));

        var found = await FindIdsAsync(Query() with { DurationMin = TimeSpan.FromMicroseconds(1000), DurationMax = TimeSpan.FromMicroseconds(2000) });

        Assert.Equal([atMax.Id, atMin.Id], found);
    }

    [Fact]
    public async Task Every_condition_must_hold_on_the_same_span()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(
            Otlp.ResourceSpans("cart", Otlp.Span(trace, "checkout", T0, TimeSpan.FromMilliseconds(1))),
            Otlp.ResourceSpans("billing", Otlp.Span(trace, "charge", T0, TimeSpan.FromSeconds(2))));

        Assert.Empty(await FindIdsAsync(Query() with { ServiceName = "cart", OperationName = "charge" }));
        Assert.Empty(await FindIdsAsync(Query() with { ServiceName = "cart", DurationMin = TimeSpan.FromSeconds(1) }));
        Assert.Equal([trace.Id], await FindIdsAsync(Query() with { ServiceName = "billing", OperationName = "charge", DurationMin = TimeSpan.FromSeconds(1) }));
    }

    // ---- Attributes --------------------------------------------------------------------------------------------

    public enum AttributePlace
    {
        Span,
        Resource,
        Scope,
        Event,
        Link,
    }

    // Written before and after another resource in one write: a backend that shares work between the resources of a
    // write must still give each its own attributes.
    [Theory]
    [InlineData(AttributePlace.Span, true)]
    [InlineData(AttributePlace.Resource, true)]
    [InlineData(AttributePlace.Scope, true)]
    [InlineData(AttributePlace.Event, true)]
    [InlineData(AttributePlace.Link, true)]
    [InlineData(AttributePlace.Span, false)]
    [InlineData(AttributePlace.Resource, false)]
    [InlineData(AttributePlace.Scope, false)]
    public async Task Finds_attribute_wherever_it_sits_in_the_span_context(AttributePlace place, bool writtenFirst)
    {
        var wanted = Otlp.NewTraceId();
        var pair = Otlp.Attr("customer.tier", "gold");
        var span = Otlp.Span(wanted, start: T0);
        var resourceSpans = Otlp.ResourceSpans("cart", span);
        _ = place switch
        {
            AttributePlace.Span => span.With(pair),
            AttributePlace.Event => span.WithEvent(pair),
            AttributePlace.Link => span.WithLink(pair),
            AttributePlace.Resource => resourceSpans.WithResource(pair).ScopeSpans[0].Spans[0],
            _ => resourceSpans.WithScope(pair).ScopeSpans[0].Spans[0],
        };
        var other = Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0).With(Otlp.Attr("customer.tier", "silver")))
            .WithResource(Otlp.Attr("region", "us-2")).WithScope(Otlp.Attr("library.tier", "core"));
        await (writtenFirst ? WriteAsync(resourceSpans, other) : WriteAsync(other, resourceSpans));

        Assert.Equal([wanted.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("customer.tier", "gold")) }));
    }

    [Fact]
    public async Task Pairs_found_in_different_places_of_one_span_match()
    {
        var wanted = Otlp.NewTraceId();
        var span = Otlp.Span(wanted, start: T0).With(Otlp.Attr("http.method", "POST")).WithEvent(Otlp.Attr("exception.type", "Timeout")).WithLink(Otlp.Attr("link.kind", "retry"));
        await WriteAsync(Otlp.ResourceSpans("cart", span).WithResource(Otlp.Attr("region", "eu-1")).WithScope(Otlp.Attr("library.tier", "edge")));

        var found = await FindIdsAsync(Query() with
        {
            Attributes = Pairs(("http.method", "POST"), ("exception.type", "Timeout"), ("link.kind", "retry"), ("region", "eu-1"), ("library.tier", "edge")),
        });

        Assert.Equal([wanted.Id], found);
    }

    [Fact]
    public async Task Pairs_split_across_two_spans_of_a_trace_do_not_match()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(
            "cart",
            Otlp.Span(trace, "a", T0).With(Otlp.Attr("http.method", "POST")),
            Otlp.Span(trace, "b", T0).With(Otlp.Attr("http.status_code", 500))));

        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("http.method", "POST"), ("http.status_code", "500")) }));
    }

    [Theory]
    [InlineData("123", true)]
    [InlineData("0123", false)]
    [InlineData("123.0", false)]
    [InlineData("12", false)]
    public async Task Integer_attribute_compares_as_exact_text(string queried, bool matches) =>
        await AssertAttributeMatch(Otlp.Attr("count", 123), queried, matches);

    [Theory]
    [InlineData("72.5", true)]
    [InlineData("72.50", false)]
    [InlineData("72", false)]
    public async Task Double_attribute_compares_as_exact_text(string queried, bool matches) =>
        await AssertAttributeMatch(Otlp.Attr("temperature", 72.5), queried, matches);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", false)]
    [InlineData("1", false)]
    public async Task Boolean_attribute_compares_as_exact_text(string queried, bool matches) =>
        await AssertAttributeMatch(Otlp.Attr("cache.hit", true), queried, matches);

    [Theory]
    [InlineData("same.*")]
    [InlineData("same%")]
    [InlineData("%")]
    [InlineData("same_value")]
    [InlineData("*")]
    [InlineData("[s]ame.value")]
    public async Task Attribute_values_are_never_patterns(string pattern)
    {
        var literal = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(
            "cart",
            Otlp.Span(Otlp.NewTraceId(), start: T0).With(Otlp.Attr("label", "same.value")),
            Otlp.Span(Otlp.NewTraceId(), start: T0).With(Otlp.Attr("label", "sameXvalue")),
            Otlp.Span(literal, start: T0).With(Otlp.Attr("label", pattern))));

        Assert.Equal([literal.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("label", pattern)) }));
    }

    [Fact]
    public async Task Attribute_keys_are_never_patterns()
    {
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0).With(Otlp.Attr("http.method", "GET"))));

        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("http.%", "GET")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("http_method", "GET")) }));
    }

    // ---- Jaeger's derived tags ---------------------------------------------------------------------------------

    // Jaeger stores the tags its OTLP translator derives from a span's own fields with the span's tags, so its
    // searches find them: error=true is the Jaeger UI's own example of a tag search.
    [Theory]
    [InlineData("error", "true")]
    [InlineData("otel.status_code", "ERROR")]
    [InlineData("span.kind", "server")]
    [InlineData("otel.status_description", "card declined")]
    [InlineData("otel.scope.name", "payments-lib")]
    [InlineData("otel.scope.version", "2.1.0")]
    [InlineData("w3c.tracestate", "vendor=1")]
    public async Task Finds_spans_by_the_tags_jaeger_derives_from_their_fields(string key, string value)
    {
        var wanted = Otlp.NewTraceId();
        await WriteDerivedTagSpansAsync(wanted, Otlp.NewTraceId());

        Assert.Equal([wanted.Id], await FindIdsAsync(Query() with { Attributes = Pairs((key, value)) }));
    }

    [Fact]
    public async Task Derived_tags_compare_as_exact_text_and_an_unset_status_derives_none()
    {
        var failed = Otlp.NewTraceId();
        var succeeded = Otlp.NewTraceId();
        var unset = Otlp.NewTraceId();
        await WriteDerivedTagSpansAsync(failed, succeeded);
        var plain = Otlp.Span(unset, "charge", T0);
        plain.Kind = SpanKind.Internal;
        await WriteAsync(Otlp.ResourceSpans("payments", plain));

        Assert.Equal([succeeded.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("otel.status_code", "OK")) }));
        Assert.Equal([succeeded.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("span.kind", "client")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("error", "false")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("error", "True")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("otel.status_code", "UNSET")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("span.kind", "SERVER")) }));
    }

    // Instrumentation from before OpenTelemetry (OpenTracing shims, Zipkin) marks errors with an error attribute and
    // leaves the status unset; Jaeger's search finds those spans by error=true too.
    [Fact]
    public async Task An_error_attribute_of_the_span_matches_error_true_as_well()
    {
        var tagged = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(
            "legacy",
            Otlp.Span(tagged, "call", T0).With(Otlp.Attr("error", true)),
            Otlp.Span(Otlp.NewTraceId(), "call", T0).With(Otlp.Attr("error", false))));

        Assert.Equal([tagged.Id], await FindIdsAsync(Query() with { ServiceName = "legacy", Attributes = Pairs(("error", "true")) }));
    }

    // OpenTracing shims write the kind as a span.kind attribute and may leave the field unset; such a span matches by
    // it too, in a service with spans of that kind (legacy-queue) and in one without (legacy: no operation has it).
    [Fact]
    public async Task A_span_kind_attribute_of_the_span_matches_span_kind_as_well()
    {
        var tagged = Otlp.NewTraceId();
        var taggedBeside = Otlp.NewTraceId();
        var byField = Otlp.NewTraceId();
        var consumer = Otlp.Span(byField, "poll", T0);
        consumer.Kind = SpanKind.Consumer;
        await WriteAsync(
            Otlp.ResourceSpans(
                "legacy",
                Otlp.Span(tagged, "consume", T0).With(Otlp.Attr("span.kind", "consumer")),
                Otlp.Span(Otlp.NewTraceId(), "consume", T0)),
            Otlp.ResourceSpans(
                "legacy-queue",
                Otlp.Span(taggedBeside, "consume", T0).With(Otlp.Attr("span.kind", "consumer")),
                Otlp.Span(Otlp.NewTraceId(), "consume", T0),
                consumer));

        var inLegacy = await FindIdsAsync(Query() with { ServiceName = "legacy", Attributes = Pairs(("span.kind", "consumer")) });
        var inQueue = await FindIdsAsync(Query() with { ServiceName = "legacy-queue", Attributes = Pairs(("span.kind", "consumer")) });

        Assert.Equal([tagged.Id], inLegacy);
        Assert.Equal(new HashSet<TraceId> { taggedBeside.Id, byField.Id }, inQueue.ToHashSet());
        Assert.Equal(2, inQueue.Count);
    }

    [Fact]
    public async Task A_derived_tag_and_an_attribute_must_hold_on_the_same_span()
    {
        var sameSpan = Otlp.NewTraceId();
        var splitTrace = Otlp.NewTraceId();
        var failing = Otlp.Span(sameSpan, "charge", T0).With(Otlp.Attr("http.route", "/pay"));
        failing.Status = new Status { Code = Status.Types.StatusCode.Error };
        var failingElsewhere = Otlp.Span(splitTrace, "charge", T0);
        failingElsewhere.Status = new Status { Code = Status.Types.StatusCode.Error };
        await WriteAsync(Otlp.ResourceSpans(
            "payments",
            failing,
            failingElsewhere,
            Otlp.Span(splitTrace, "route", T0).With(Otlp.Attr("http.route", "/pay"))));

        Assert.Equal([sameSpan.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("error", "true"), ("http.route", "/pay")) }));
    }

    /// <summary>
    /// A failed server span (<paramref name="failed"/>: error status with a message, trace state, scope payments-lib
    /// 2.1.0) and a succeeded client span (<paramref name="succeeded"/>: status OK, another scope and trace state).
    /// </summary>
    private Task WriteDerivedTagSpansAsync(TraceIdBytes failed, TraceIdBytes succeeded)
    {
        var failing = Otlp.Span(failed, "charge", T0);
        failing.Kind = SpanKind.Server;
        failing.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "card declined" };
        failing.TraceState = "vendor=1";
        var failedSpans = Otlp.ResourceSpans("payments", failing);
        failedSpans.ScopeSpans[0].Scope = new OpenTelemetry.Proto.Common.V1.InstrumentationScope { Name = "payments-lib", Version = "2.1.0" };

        var succeeding = Otlp.Span(succeeded, "charge", T0);
        succeeding.Kind = SpanKind.Client;
        succeeding.Status = new Status { Code = Status.Types.StatusCode.Ok };
        succeeding.TraceState = "vendor=2";
        return WriteAsync(failedSpans, Otlp.ResourceSpans("payments", succeeding));
    }

    // ---- Results -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Search_returns_whole_traces_including_spans_that_did_not_match()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, "root", T0);
        await WriteAsync(
            Otlp.ResourceSpans("cart", root, Otlp.Span(trace, "child", T0.AddMilliseconds(1), parent: root.SpanId).With(Otlp.Attr("db.system", "postgres"))),
            Otlp.ResourceSpans("billing", Otlp.Span(trace, "charge", T0.AddMilliseconds(2), parent: root.SpanId)));

        var traces = await Store.Reader.FindTracesAsync(All, Query() with { Attributes = Pairs(("db.system", "postgres")) }, Ct);

        var found = Assert.Single(traces);
        Assert.Equal(3, SpanBuilders.SpanCount(found.Trace));
    }

    [Fact]
    public async Task Search_returns_newest_traces_first_up_to_the_search_depth()
    {
        var traces = new TraceIdBytes[5];
        for (var i = 0; i < traces.Length; i++)
        {
            traces[i] = Otlp.NewTraceId();
            await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(traces[i], start: T0.AddSeconds(i))));
        }

        var found = await FindIdsAsync(Query() with { SearchDepth = 3 });

        Assert.Equal([traces[4].Id, traces[3].Id, traces[2].Id], found);
    }

    [Fact]
    public async Task Found_traces_come_in_the_same_order_as_found_ids()
    {
        for (var i = 0; i < 4; i++)
        {
            await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0.AddSeconds(-i))));
        }

        var ids = await FindIdsAsync(Query());
        var traces = await Store.Reader.FindTracesAsync(All, Query(), Ct);

        Assert.Equal(ids, traces.Select(t => TraceId.FromBytes(t.Trace.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId)));
    }

    [Fact]
    public async Task A_trace_with_several_matching_spans_is_returned_once()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0), Otlp.Span(trace, start: T0.AddSeconds(1)), Otlp.Span(trace, start: T0.AddSeconds(2))));

        Assert.Equal([trace.Id], await FindIdsAsync(Query()));
    }

    [Fact]
    public async Task Search_with_no_match_returns_empty()
    {
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Empty(await Store.Reader.FindTracesAsync(All, Query() with { ServiceName = "nobody" }, Ct));
    }

    // ---- Listings ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Services_are_listed_sorted_and_once_each()
    {
        await WriteAsync(
            Otlp.ResourceSpans("zeta", Otlp.Span(Otlp.NewTraceId(), start: T0)),
            Otlp.ResourceSpans("alpha", Otlp.Span(Otlp.NewTraceId(), start: T0), Otlp.Span(Otlp.NewTraceId(), "other", T0)),
            Otlp.ResourceSpans("mid", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Equal(["alpha", "mid", "zeta"], await Store.Reader.GetServicesAsync(All, Ct));
    }

    [Fact]
    public async Task Operations_of_a_service_are_listed_with_their_kinds()
    {
        var client = Otlp.Span(Otlp.NewTraceId(), "GET /cart", T0);
        client.Kind = SpanKind.Client;
        await WriteAsync(
            Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "GET /cart", T0), client, Otlp.Span(Otlp.NewTraceId(), "POST /cart", T0)),
            Otlp.ResourceSpans("billing", Otlp.Span(Otlp.NewTraceId(), "charge", T0)));

        var operations = await Store.Reader.GetOperationsAsync(All, "cart", null, Ct);

        Assert.Equal(
            [new Operation("GET /cart", SpanKind.Server), new Operation("GET /cart", SpanKind.Client), new Operation("POST /cart", SpanKind.Server)],
            operations.OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.SpanKind == SpanKind.Client));
    }

    [Fact]
    public async Task Operations_can_be_filtered_by_span_kind()
    {
        var client = Otlp.Span(Otlp.NewTraceId(), "call inventory", T0);
        client.Kind = SpanKind.Client;
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "GET /cart", T0), client));

        Assert.Equal([new Operation("call inventory", SpanKind.Client)], await Store.Reader.GetOperationsAsync(All, "cart", SpanKind.Client, Ct));
    }

    [Fact]
    public async Task Listings_of_an_empty_store_are_empty()
    {
        Assert.Empty(await Store.Reader.GetServicesAsync(All, Ct));
        Assert.Empty(await Store.Reader.GetOperationsAsync(All, "cart", null, Ct));
    }

    // ---- Trace by id -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Unknown_trace_id_returns_null()
    {
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Null(await ReadTraceAsync(Otlp.NewTraceId().Id, null, Ct));
    }

    [Fact]
    public async Task A_rich_span_round_trips_with_every_otlp_field()
    {
        var trace = Otlp.NewTraceId();
        var written = SpanBuilders.RichSpan(trace, T0);
        await WriteAsync(written);

        var read = await ReadTraceAsync(trace.Id, null, Ct);

        Assert.Equal(new TracesData { ResourceSpans = { written } }, read);
    }

    [Fact]
    public async Task Each_scope_of_a_resource_keeps_its_own_scope_and_attributes()
    {
        var first = Otlp.NewTraceId();
        var second = Otlp.NewTraceId();
        var written = Otlp.ResourceSpans("cart", Otlp.Span(first, "a", T0)).WithScope(Otlp.Attr("library.tier", "edge"));
        var secondScope = Otlp.ResourceSpans("cart", Otlp.Span(second, "b", T0)).WithScope(Otlp.Attr("library.tier", "core")).ScopeSpans[0];
        secondScope.Scope.Name = "another-scope";
        written.ScopeSpans.Add(secondScope);
        await WriteAsync(written);

        Assert.Equal([second.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("library.tier", "core")) }));
        Assert.Equal([first.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("library.tier", "edge")) }));
        var read = await ReadTraceAsync(second.Id, null, Ct);
        Assert.Equal("another-scope", Assert.Single(Assert.Single(read!.ResourceSpans).ScopeSpans).Scope.Name);
    }

    [Fact]
    public async Task Spans_are_grouped_by_identical_resource_and_scope()
    {
        var trace = Otlp.NewTraceId();
        var cartA = Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", T0));
        var cartB = Otlp.ResourceSpans("cart", Otlp.Span(trace, "b", T0.AddMilliseconds(1)));
        var otherScope = Otlp.ResourceSpans("cart", Otlp.Span(trace, "c", T0.AddMilliseconds(2)));
        otherScope.ScopeSpans[0].Scope.Name = "another-scope";
        var billing = Otlp.ResourceSpans("billing", Otlp.Span(trace, "d", T0.AddMilliseconds(3)));
        await WriteAsync(cartA, billing);
        await WriteAsync(cartB, otherScope);

        var read = await ReadTraceAsync(trace.Id, null, Ct);

        var expected = new TracesData { ResourceSpans = { Otlp.ResourceSpans("cart", cartA.ScopeSpans[0].Spans[0], cartB.ScopeSpans[0].Spans[0]), billing } };
        expected.ResourceSpans[0].ScopeSpans.Add(otherScope.ScopeSpans[0]);
        Assert.Equal(SpanBuilders.Canonical(expected), SpanBuilders.Canonical(read!));
    }

    [Fact]
    public async Task Trace_is_found_by_id_within_a_window_holding_one_of_its_spans()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(trace, "early", T0), Otlp.Span(trace, "late", T0.AddMinutes(10))));

        var read = await ReadTraceAsync(trace.Id, new TimeWindow(T0.AddMinutes(5), T0.AddMinutes(15)), Ct);

        Assert.Equal(2, SpanBuilders.SpanCount(read!));
    }

    [Fact]
    public async Task Trace_outside_the_window_is_not_found_by_id()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0)));

        Assert.Null(await ReadTraceAsync(trace.Id, new TimeWindow(T0.AddMinutes(1), T0.AddMinutes(2)), Ct));
    }

    // ---- Durability and idempotence ----------------------------------------------------------------------------

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_one_copy()
    {
        var trace = Otlp.NewTraceId();
        var batch = Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", T0).With(Otlp.Attr("k", "v")), Otlp.Span(trace, "b", T0));
        await WriteAsync(batch);
        await WriteAsync(batch);

        var read = await ReadTraceAsync(trace.Id, null, Ct);

        Assert.Equal(SpanBuilders.Canonical(new TracesData { ResourceSpans = { batch } }), SpanBuilders.Canonical(read!));
        Assert.Equal([trace.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("k", "v")) }));
    }

    [Fact]
    public async Task Rewriting_a_span_replaces_what_searches_find()
    {
        var trace = Otlp.NewTraceId();
        var span = Otlp.Span(trace, start: T0).With(Otlp.Attr("state", "old"));
        await WriteAsync(Otlp.ResourceSpans("cart", span));
        span.Attributes[0].Value.StringValue = "new";
        await WriteAsync(Otlp.ResourceSpans("cart", span));

        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("state", "old")) }));
        Assert.Equal([trace.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("state", "new")) }));
    }

    [Fact]
    public async Task A_batch_mixing_rewrites_and_new_spans_stores_the_last_copy_of_each()
    {
        var rewritten = Otlp.NewTraceId();
        var span = Otlp.Span(rewritten, start: T0).With(Otlp.Attr("state", "old"));
        await WriteAsync(Otlp.ResourceSpans("cart", span));
        var (first, second) = (Otlp.NewTraceId(), Otlp.NewTraceId());
        var mid = span.Clone();
        mid.Attributes[0].Value.StringValue = "mid";
        var last = span.Clone();
        last.Attributes[0].Value.StringValue = "new";

        await WriteAsync(
            Otlp.ResourceSpans("cart", Otlp.Span(first, start: T0).With(Otlp.Attr("state", "first"))),
            Otlp.ResourceSpans("cart", mid),
            Otlp.ResourceSpans("cart", Otlp.Span(second, start: T0).With(Otlp.Attr("state", "second"))),
            Otlp.ResourceSpans("cart", last));

        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("state", "old")) }));
        Assert.Empty(await FindIdsAsync(Query() with { Attributes = Pairs(("state", "mid")) }));
        Assert.Equal([rewritten.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("state", "new")) }));
        Assert.Equal([first.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("state", "first")) }));
        Assert.Equal([second.Id], await FindIdsAsync(Query() with { Attributes = Pairs(("state", "second")) }));
        Assert.Equal(
            SpanBuilders.Canonical(new TracesData { ResourceSpans = { Otlp.ResourceSpans("cart", last) } }),
            SpanBuilders.Canonical((await ReadTraceAsync(rewritten.Id, null, Ct))!));
    }

    [Fact]
    public async Task Written_traces_survive_a_restart()
    {
        var trace = Otlp.NewTraceId();
        var batch = SpanBuilders.RichSpan(trace, T0);
        await WriteAsync(batch);

        await Store.RestartAsync();

        Assert.Equal(new TracesData { ResourceSpans = { batch } }, await ReadTraceAsync(trace.Id, null, Ct));
        Assert.Equal(["checkout"], await Store.Reader.GetServicesAsync(All, Ct));
        Assert.Equal([trace.Id], await FindIdsAsync(Query() with { ServiceName = "checkout", Attributes = Pairs(("host.name", "node-7")) }));
    }

    [Fact]
    public async Task Writes_after_a_restart_do_not_duplicate_earlier_ones()
    {
        var trace = Otlp.NewTraceId();
        var batch = Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0));
        await WriteAsync(batch);
        await Store.RestartAsync();
        await WriteAsync(batch);

        Assert.Equal(1, SpanBuilders.SpanCount((await ReadTraceAsync(trace.Id, null, Ct))!));
        Assert.Equal([new Operation("op", SpanKind.Server)], await Store.Reader.GetOperationsAsync(All, "cart", null, Ct));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    /// <summary>The default tenant, every service: what the suite's tenancy-agnostic tests read through.</summary>
    private static ReadScope All => ReadScope.Default;

    private static TraceQuery Query() => new() { StartTimeMin = T0.AddHours(-1), StartTimeMax = T0.AddHours(1) };

    private static Dictionary<string, string> Pairs(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private Task WriteAsync(params ResourceSpans[] batch) => WriteAsync(TenantName.Default, batch);

    private async Task WriteAsync(string tenant, params ResourceSpans[] batch)
    {
        await Store.Writer.WriteAsync(tenant, batch, Ct);
        await Store.MakeWritesVisibleAsync();
    }

    private Task<IReadOnlyList<TraceId>> FindIdsAsync(TraceQuery query) => FindIdsAsync(All, query);

    private async Task<IReadOnlyList<TraceId>> FindIdsAsync(ReadScope scope, TraceQuery query) => await Store.Reader.FindTraceIdsAsync(scope, query, Ct);

    /// <summary>The trace as the default tenant's unrestricted reader sees it.</summary>
    private async Task<TracesData?> ReadTraceAsync(TraceId traceId, TimeWindow? window, CancellationToken cancellationToken) =>
        (await Store.Reader.GetTraceAsync(All, traceId, window, cancellationToken))?.Trace;

    private async Task AssertAttributeMatch(OpenTelemetry.Proto.Common.V1.KeyValue stored, string queried, bool matches)
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0).With(stored)));

        var found = await FindIdsAsync(Query() with { Attributes = Pairs((stored.Key, queried)) });

        Assert.Equal(matches ? [trace.Id] : [], found);
    }
}
