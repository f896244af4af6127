using System.Net;
using System.Net.Http.Headers;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// A small Elasticsearch/OpenSearch REST client covering what Jaeger.Streaming uses. It fails over across
/// <see cref="ElasticsearchOptions.Servers"/>, times out each attempt, and retries with backoff on 429/502/503/504
/// and connection errors. It authenticates with the credential of its <see cref="ElasticsearchRole"/>.
/// </summary>
public sealed class ElasticsearchClient : IDisposable
{
    public const string JsonContentType = "application/json";
    public const string NdjsonContentType = "application/x-ndjson";

    private readonly HttpClient _http;
    private readonly Uri[] _nodes;
    private readonly ElasticsearchOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _authorization;
    private int _preferred;

    /// <param name="handler">The transport; tests pass a handler replaying recorded responses. Defaults to <see cref="ElasticsearchHttpHandler"/>.</param>
    public ElasticsearchClient(ElasticsearchOptions options, ElasticsearchRole role, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _nodes = [.. options.Servers.Select(s => new Uri(s.EndsWith('/') ? s : s + "/", UriKind.Absolute))];
        if (_nodes.Length == 0)
        {
            throw new ArgumentException($"{ElasticsearchOptions.SectionName}:Servers is empty.", nameof(options));
        }

        _authorization = ElasticsearchSecrets.AuthorizationHeader(
            ElasticsearchOptionsValidator.Credentials(options, role), ElasticsearchOptionsValidator.CredentialsKey(role));
        _http = new HttpClient(handler ?? ElasticsearchHttpHandler.Create(options.Tls ?? new ElasticsearchTlsOptions()), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Task<ElasticsearchResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, JsonContentType, cancellationToken);

    public Task<ElasticsearchResponse> PostJsonAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, JsonContentType, cancellationToken);

    public Task<ElasticsearchResponse> PutJsonAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, JsonContentType, cancellationToken);

    /// <summary>
    /// Sends one request, failing over and retrying transient failures. Returns the last answer, whatever its status:
    /// callers decide what a 404 means. Throws <see cref="ElasticsearchException"/> when no node answered.
    /// </summary>
    public async Task<ElasticsearchResponse> SendAsync(
        HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, CancellationToken cancellationToken, string? contentEncoding = null)
    {
        var start = Volatile.Read(ref _preferred);
        var delay = _options.InitialBackoff;
        var failures = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            var node = _nodes[(start + attempt) % _nodes.Length];
            TimeSpan? retryAfter = null;
            try
            {
                var response = await SendOnceAsync(node, method, path, body, contentType, contentEncoding, cancellationToken).ConfigureAwait(false);
                if (!IsRetryable(response.Status) || attempt >= _options.MaxRetries)
                {
                    Volatile.Write(ref _preferred, (start + attempt) % _nodes.Length);
                    return new ElasticsearchResponse((int)response.Status, response.Body, node);
                }

                retryAfter = response.RetryAfter;
                failures.Add($"{node.GetLeftPart(UriPartial.Authority)}: HTTP {(int)response.Status}");
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                failures.Add($"{node.GetLeftPart(UriPartial.Authority)}: {Describe(e)}");
                if (attempt >= _options.MaxRetries)
                {
                    throw new ElasticsearchException(
                        $"{method} /{path} failed: no Elasticsearch node answered after {attempt + 1} attempts ({string.Join("; ", failures)}).", 0, null, null, e);
                }

                // Another node may be up: try it at once, and back off only once every node has failed this round.
                if ((attempt + 1) % _nodes.Length != 0)
                {
                    continue;
                }
            }

            var wait = retryAfter is { } hinted && hinted > delay ? TimeSpan.FromTicks(Math.Min(hinted.Ticks, _options.MaxBackoff.Ticks)) : delay;
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    public void Dispose() => _http.Dispose();

    internal static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private async Task<(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter)> SendOnceAsync(
        Uri node, HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, string? contentEncoding, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, new Uri(node, path.TrimStart('/')));
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonContentType));
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (contentEncoding is not null)
            {
                request.Content.Headers.ContentEncoding.Add(contentEncoding);
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        return (response.StatusCode, bytes, response.Headers.RetryAfter?.Delta);
    }

    // A cancelled caller is not a node failure; a timed-out attempt is.
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or IOException;

    private string Describe(Exception e) =>
        e is OperationCanceledException ? $"no answer within {_options.RequestTimeout}" : $"{e.GetType().Name}: {e.Message}";
}
