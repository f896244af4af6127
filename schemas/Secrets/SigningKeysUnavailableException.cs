namespace Jaeger.Streaming.Schemas.Secrets;

/// <summary>
/// A token issuer's signing keys cannot be fetched and none were fetched before, so no JWT can be checked. The request
/// is refused as retryable (503 with <c>Retry-After</c>, gRPC <c>UNAVAILABLE</c>): a 401 would tell an exporter to drop
/// spans a valid token sent, and a user that a valid token is wrong.
/// </summary>
public sealed class SigningKeysUnavailableException : Exception
{
    /// <summary>How long a client is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <param name="discoveryAddress">Where the keys were to come from.</param>
    /// <param name="inner">Why they could not be fetched.</param>
    public SigningKeysUnavailableException(string discoveryAddress, Exception inner)
        : base($"The service cannot fetch the token issuer's signing keys ({discoveryAddress}), so it cannot check credentials now; retry later.", inner)
    {
    }
}
