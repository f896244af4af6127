using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.EndToEnd.Tests.Faults;

/// <summary>One answer the collector gave to one attempt at sending a request, with monotonic timestamps.</summary>
internal sealed record Attempt(long SentAt, long AnsweredAt, HttpStatusCode Status);

/// <summary>An OTLP/HTTP request of several traces, the span ids it carries, and every attempt to deliver it.</summary>
internal sealed class SentRequest
{
    private readonly List<Attempt> _attempts = [];

    public SentRequest(int traces, int spansPerTrace)
    {
        Request = new ExportTraceServiceRequest();
        for (var t = 0; t < traces; t++)
        {
            var trace = Otlp.NewTraceId();
            var spans = Enumerable.Range(0, spansPerTrace).Select(s => Otlp.Span(trace, $"op-{s}")).ToArray();
            Request.ResourceSpans.Add(Otlp.ResourceSpans("fault-shop", spans));
            Traces.Add(trace, [.. spans.Select(s => Convert.ToHexStringLower(s.SpanId.Span)).Order(StringComparer.Ordinal)]);
        }
    }

    public ExportTraceServiceRequest Request { get; }

    /// <summary>Each trace of the request with its span ids, sorted, in lowercase hex.</summary>
    public Dictionary<TraceIdBytes, List<string>> Traces { get; } = [];

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return [.. _attempts];
            }
        }
    }

    public void Record(Attempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
        }
    }
}

/// <summary>
/// Sends OTLP/HTTP protobuf requests the way an OpenTelemetry exporter does: a retryable answer (429, 503) is retried
/// with the same payload after the collector's <c>Retry-After</c>; success and every other answer end the request.
/// </summary>
internal sealed class OtlpTraffic(PipelineFixture pipeline)
{
    // An exporter waits out Retry-After; capped here so a test's retries stay within its time budget.
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(1);

    private readonly List<SentRequest> _requests = [];
    private readonly List<Task> _sending = [];

    public IReadOnlyList<SentRequest> Requests => _requests;

    /// <summary>Starts sending a new request without waiting for its answer.</summary>
    public void Launch(int traces, int spansPerTrace)
    {
        var request = new SentRequest(traces, spansPerTrace);
        _requests.Add(request);
        _sending.Add(SendUntilDoneAsync(request));
    }

    /// <summary>Launches a request every <paramref name="pace"/> for <paramref name="duration"/>.</summary>
    public async Task LaunchForAsync(TimeSpan duration, TimeSpan pace, int traces, int spansPerTrace)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < duration)
        {
            Launch(traces, spansPerTrace);
            await Task.Delay(pace, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Sends <paramref name="requests"/> requests, each once the previous one got its final answer.</summary>
    public async Task SendOneAtATimeAsync(int requests, int traces, int spansPerTrace)
    {
        for (var i = 0; i < requests; i++)
        {
            Launch(traces, spansPerTrace);
            await _sending[^1];
        }
    }

    /// <summary>Waits until every request launched so far got its final answer.</summary>
    public Task AllAnsweredAsync() => Task.WhenAll(_sending);

    private async Task SendUntilDoneAsync(SentRequest request)
    {
        await Task.Yield();
        var payload = request.Request.ToByteArray();
        while (true)
        {
            var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            var sentAt = TimeProvider.System.GetTimestamp();
            using var response = await pipeline.Otlp.PostAsync(pipeline.OtlpHttpTraces, content, TestContext.Current.CancellationToken);
            request.Record(new Attempt(sentAt, TimeProvider.System.GetTimestamp(), response.StatusCode));
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
            {
                return;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta ?? LongestBackoff;
            await Task.Delay(retryAfter < LongestBackoff ? retryAfter : LongestBackoff, TestContext.Current.CancellationToken);
        }
    }
}
