using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>
/// The wire path's records for a clean request decode to exactly what the model path's records decode to, trace by
/// trace in the same order, and it counts services and root spans as the model path does.
/// </summary>
public sealed class WireEquivalenceTests
{
    private readonly WirePaths _paths = new();

    [Fact]
    public void Realistic_requests_are_clean_and_split_as_the_model_path_splits_them()
    {
        for (var seed = 0; seed < 64; seed++)
        {
            Assert.True(_paths.AssertCleanMeansModelAgrees(new GeneratedRequests(seed).Realistic().ToByteArray()), $"seed {seed}");
        }
    }

    [Fact]
    public void Varied_requests_are_clean_and_split_as_the_model_path_splits_them()
    {
        for (var seed = 0; seed < 1000; seed++)
        {
            Assert.True(_paths.AssertCleanMeansModelAgrees(new GeneratedRequests(seed).Varied().ToByteArray()), $"seed {seed}");
        }
    }

    [Fact]
    public void Records_of_a_canonically_encoded_request_are_byte_for_byte_the_model_paths()
    {
        var body = new GeneratedRequests(1).Realistic().ToByteArray();

        var wire = WirePaths.WireRecords(_paths.Scan(body)!, body);

        Assert.Equal(WirePaths.ModelRecords(ExportTraceServiceRequest.Parser.ParseFrom(body)).ConvertAll(r => r.Value), wire.ConvertAll(r => r.Value));
    }

    [Fact]
    public void Traces_interleaved_across_resources_and_scopes_keep_request_order_and_their_own_resource_and_scope()
    {
        var (a, b) = (Otlp.NewTraceId(), Otlp.NewTraceId());
        var frontend = Otlp.ResourceSpans("frontend", Span(a, "a1"), Span(b, "b1"));
        frontend.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        frontend.ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "db" }, SchemaUrl = "https://opentelemetry.io/schemas/1.25.0", Spans = { Span(a, "a2") } });
        var backend = Otlp.ResourceSpans("backend", Span(b, "b2"), Span(a, "a3"));
        var body = Otlp.Request(frontend, backend).ToByteArray();

        var records = WirePaths.WireRecords(_paths.Scan(body)!, body).ConvertAll(r => ExportTraceServiceRequest.Parser.ParseFrom(r.Value));

        Assert.Equal(["a1", "a2", "a3"], records[0].AllSpans().ConvertAll(s => s.Name));
        Assert.Equal(["frontend/test-scope", "frontend/db", "backend/test-scope"], Scopes(records[0]));
        Assert.Equal(["frontend/test-scope", "backend/test-scope"], Scopes(records[1]));
        Assert.Equal(frontend.ScopeSpans[1].SchemaUrl, records[0].ResourceSpans[0].ScopeSpans[1].SchemaUrl);
        Assert.True(_paths.AssertCleanMeansModelAgrees(body));
    }

    [Fact]
    public void Resources_and_scopes_without_spans_appear_in_no_record()
    {
        var traceId = Otlp.NewTraceId();
        var request = Otlp.Request(Otlp.ResourceSpans("empty"), Otlp.ResourceSpans("svc", Span(traceId, "only")));
        request.ResourceSpans[1].ScopeSpans.Insert(0, new ScopeSpans { Scope = new InstrumentationScope { Name = "idle" } });
        var body = request.ToByteArray();

        var record = ExportTraceServiceRequest.Parser.ParseFrom(Assert.Single(WirePaths.WireRecords(_paths.Scan(body)!, body)).Value);

        Assert.Equal(["svc/test-scope"], Scopes(record));
        Assert.True(_paths.AssertCleanMeansModelAgrees(body));
    }

    [Fact]
    public void A_resource_and_scope_that_are_absent_stay_absent_and_empty_ones_stay_present()
    {
        var (absent, empty) = (Otlp.ResourceSpans("x", Span(Otlp.NewTraceId(), "absent")), Otlp.ResourceSpans("x", Span(Otlp.NewTraceId(), "empty")));
        (absent.Resource, absent.ScopeSpans[0].Scope) = (null, null);
        (empty.Resource, empty.ScopeSpans[0].Scope) = (new(), new());
        var body = Otlp.Request(absent, empty).ToByteArray();

        var records = WirePaths.WireRecords(_paths.Scan(body)!, body).ConvertAll(r => ExportTraceServiceRequest.Parser.ParseFrom(r.Value).ResourceSpans[0]);

        Assert.Equal((null, null), (records[0].Resource, records[0].ScopeSpans[0].Scope));
        Assert.Equal((new(), new()), (records[1].Resource, records[1].ScopeSpans[0].Scope));
    }

    [Fact]
    public void Counts_spans_per_service_as_service_names_reads_them()
    {
        var unnamed = Otlp.ResourceSpans("x", Span(Otlp.NewTraceId(), "unnamed"));
        unnamed.Resource.Attributes.Clear();
        var numbered = Otlp.ResourceSpans("x", Span(Otlp.NewTraceId(), "numbered"));
        numbered.Resource.Attributes[0] = Otlp.Attr(ServiceNames.Attribute, 7L);
        var valueless = Otlp.ResourceSpans("x", Span(Otlp.NewTraceId(), "named later"));
        valueless.Resource.Attributes.Insert(0, new KeyValue { Key = ServiceNames.Attribute });
        var body = Otlp.Request(Otlp.ResourceSpans("svc", Span(Otlp.NewTraceId(), "a")), unnamed, numbered, valueless, Otlp.ResourceSpans("svc", Span(Otlp.NewTraceId(), "b"))).ToByteArray();

        var census = _paths.Scan(body)!.Census;

        Assert.Equal([new("svc", 2), new(ServiceNames.Unknown, 1), new("", 1), new("x", 1)], [.. census.SpansPerService]);
    }

    [Fact]
    public void Counts_root_spans_with_their_reported_sampling_probability()
    {
        var traceId = Otlp.NewTraceId();
        var root = Span(traceId, "GET /cart");
        root.Attributes.Add([Otlp.Attr("sampler.type", "probabilistic"), Otlp.Attr("sampler.param", 0.25)]);
        var body = Otlp.Request(Otlp.ResourceSpans("checkout", root, Span(traceId, "SELECT", parent: root.SpanId))).ToByteArray();

        var rootSpan = Assert.Single(_paths.Scan(body)!.Census.RootSpans);

        Assert.Equal(new Pipeline.RootSpan("checkout", "GET /cart", 0.25), rootSpan);
    }

    private static Span Span(TraceIdBytes traceId, string name, ByteString? parent = null) =>
        Otlp.Span(traceId, name, GeneratedRequests.Now.AddMinutes(-1), parent: parent);

    private static List<string> Scopes(ExportTraceServiceRequest record)
    {
        var scopes = new List<string>();
        foreach (var resourceSpans in record.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                scopes.Add($"{ServiceNames.Of(resourceSpans.Resource)}/{scopeSpans.Scope.Name}");
            }
        }

        return scopes;
    }
}
