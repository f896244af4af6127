using System.Net;

namespace Jaeger.Streaming.Testing.Oidc;

/// <summary>Waits out a service's 503s while it fetches an issuer's keys again, with the growing backoff it uses after a failure.</summary>
public static class IssuerReachable
{
    /// <summary>The first status <paramref name="send"/> gets that is not 503, or the last 503 after a minute.</summary>
    public static async Task<HttpStatusCode> FirstAnswerAsync(Func<Task<HttpStatusCode>> send)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        while ((status = await send().ConfigureAwait(false)) == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200).ConfigureAwait(false);
        }

        return status;
    }
}
