using System.Net;
using System.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

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

    public async Task<int> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await _client.PostAsync(traces, content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return -1;
            }

            var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            return RealisticLoad.SpansPerRequest - (int)(answer.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    public void Dispose() => _client.Dispose();
}
