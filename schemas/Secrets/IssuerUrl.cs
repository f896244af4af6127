namespace Jaeger.Streaming.Schemas.Secrets;

/// <summary>The check on a token issuer's URL (an authority or its discovery document), shared by the collector and the query.</summary>
public static class IssuerUrl
{
    /// <summary>Why <paramref name="value"/>, set at <paramref name="key"/>, cannot be an issuer's URL; null when it can (or is empty).</summary>
    /// <param name="key">The setting, named in the message.</param>
    /// <param name="value">The URL as configured.</param>
    /// <param name="allowHttpKey">The setting that allows plain HTTP, or null when it is set to true.</param>
    public static string? Problem(string key, string value, string? allowHttpKey)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"{key} '{value}' is not an absolute http(s) URL; use the issuer URL, such as https://keycloak.example.com/realms/tracing.";
        }

        return uri.Scheme == Uri.UriSchemeHttp && allowHttpKey is not null
            ? $"{key} '{value}' is plain HTTP, where the signing keys could be swapped in transit; use https, or set {allowHttpKey}=true for a local test issuer."
            : null;
    }
}
