namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// The OIDC issuer's signing keys cannot be fetched and none were fetched before, so no token can be checked. The
/// export is refused as retryable (503 / <c>UNAVAILABLE</c>): a 401 would make SDKs drop spans a valid token sent.
/// </summary>
internal sealed class SigningKeysUnavailableException(string discoveryAddress, Exception inner)
    : Exception($"The collector cannot fetch its token issuer's signing keys ({discoveryAddress}), so it cannot check credentials now; retry later.", inner)
{
    /// <summary>How long a client is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
