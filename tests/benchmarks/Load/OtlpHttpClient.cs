using System.Net;
using System.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>How the collector answered one export: its status (null when the request failed or timed out) and the spans it rejected in a 200.</summary>
internal readonly record struct ExportAnswer(HttpStatusCode? Status, long RejectedSpans);

/// <summary>OTLP/HTTP protobuf to <c>POST /v1/traces</c> over pooled HTTP/1.1 connections, one per concurrent request.</summary>
internal sealed class OtlpHttpClient(Uri traces, int connections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Sends a <see cref="RealisticLoad"/> request; answers the spans accepted, or -1 when it was refused or failed.</summary>
    public async Task<int> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        var answer = await ExportAsync(body, cancellationToken);
        return answer.Status == HttpStatusCode.OK ? RealisticLoad.SpansPerRequest - (int)answer.RejectedSpans : -1;
    }

    public async Task<ExportAnswer> ExportAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await _client.PostAsync(traces, content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new ExportAnswer(response.StatusCode, 0);
            }

            var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            return new ExportAnswer(HttpStatusCode.OK, answer.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (HttpRequestException)
        {
            return new ExportAnswer(null, 0);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's timeout, not the caller's cancellation.
            return new ExportAnswer(null, 0);
        }
    }

    public void Dispose() => _client.Dispose();
}
