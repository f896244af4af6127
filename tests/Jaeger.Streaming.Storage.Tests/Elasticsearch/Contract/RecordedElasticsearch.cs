using System.Net;
using System.Text;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>
/// Replays recorded Elasticsearch answers, in order, to whatever our code sends, and records what it sent. It is
/// not a search engine: it answers what the test scripted, so the tests exercise our handling of those answers.
/// </summary>
internal sealed class RecordedElasticsearch : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();
    private readonly Lock _lock = new();

    public List<SentRequest> Sent { get; } = [];

    public RecordedElasticsearch Answer(HttpStatusCode status, string json, TimeSpan? retryAfter = null)
    {
        _answers.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (retryAfter is { } delay)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
            }

            return response;
        });
        return this;
    }

    public RecordedElasticsearch Ok(string json) => Answer(HttpStatusCode.OK, json);

    /// <summary>Acknowledges every document of the next <paramref name="requests"/> <c>_bulk</c> requests, however many they hold.</summary>
    public RecordedElasticsearch AcknowledgeBulks(int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            _answers.Enqueue(request =>
            {
                var lines = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                var json = BulkAnswers.Items([.. Enumerable.Repeat(201, lines / 2)]);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            });
        }

        return this;
    }

    /// <summary>The node refuses the connection, as a dead node does.</summary>
    public RecordedElasticsearch Unreachable()
    {
        _answers.Enqueue(request => throw new HttpRequestException($"Connection refused ({request.RequestUri!.Authority})"));
        return this;
    }

    public int Pending => _answers.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var raw = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var encoding = request.Content?.Headers.ContentEncoding.SingleOrDefault();
        var body = raw is null ? null : Encoding.UTF8.GetString(encoding == "gzip" ? Gunzip(raw) : raw);
        Func<HttpRequestMessage, HttpResponseMessage> answer;
        lock (_lock)
        {
            Sent.Add(new SentRequest(
                request.Method.Method,
                request.RequestUri!,
                request.Headers.TryGetValues("Authorization", out var auth) ? auth.Single() : null,
                request.Content?.Headers.ContentType?.MediaType,
                body)
            { ContentEncoding = encoding, SentBytes = raw?.Length ?? 0 });
            answer = _answers.Count > 0 ? _answers.Dequeue() : throw new InvalidOperationException($"No recorded answer left for {request.Method} {request.RequestUri}.");
        }

        return answer(request);
    }

    private static byte[] Gunzip(byte[] gzipped)
    {
        using var inflated = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(gzipped), System.IO.Compression.CompressionMode.Decompress))
        {
            gzip.CopyTo(inflated);
        }

        return inflated.ToArray();
    }

    /// <summary>A client for these recorded answers: quick retries, no real delays worth waiting for.</summary>
    public ElasticsearchClient Client(ElasticsearchOptions? options = null, ElasticsearchRole role = ElasticsearchRole.Writer) =>
        new(options ?? Options(), role, TimeProvider.System, this);

    public static ElasticsearchOptions Options(params string[] servers) => new()
    {
        Servers = servers.Length == 0 ? ["https://es-1:9200"] : [.. servers],
        WriteCredentials = new ElasticsearchCredentials { Username = "jaeger-writer", Password = "writer-secret" },
        ReadCredentials = new ElasticsearchCredentials { Username = "jaeger-reader", Password = "reader-secret" },
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(4),
        MaxRetries = 3,
    };
}

/// <summary>A request as sent; <see cref="Body"/> is decoded when it was gzipped (<see cref="ContentEncoding"/>).</summary>
internal sealed record SentRequest(string Method, Uri Uri, string? Authorization, string? ContentType, string? Body)
{
    public string? ContentEncoding { get; init; }

    /// <summary>The body's length as it travelled.</summary>
    public int SentBytes { get; init; }

    public string PathAndQuery => Uri.PathAndQuery;

    /// <summary>The NDJSON lines of a <c>_bulk</c> body.</summary>
    public string[] Lines => (Body ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
