using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// B4's browser login: the UI sends the user to the issuer's authorization endpoint (authorization code with PKCE; the
/// verifier never leaves the tab) and brings the code back to <c>/login-callback</c>; this service exchanges it at the
/// issuer's token endpoint, so the issuer needs no CORS rule for the UI and the page's policy keeps connecting only to
/// its own origin. The access token goes back to the tab, which sends it as any bearer token; nothing is kept here.
/// The exchange is anonymous and makes a request to the issuer, so each client address may ask for only
/// <see cref="BrowserLoginOptions.ExchangesPerMinute"/>: the service cannot be used to flood the issuer.
/// </summary>
internal sealed class BrowserLogin(IOptions<BrowserLoginOptions> login, IOptions<AuthenticationOptions> authentication, IOptionsMonitor<JwtBearerOptions> bearer)
    : IDisposable
{
    public const string CallbackPath = "/login-callback";

    private static readonly HttpClient Issuer = new() { Timeout = TimeSpan.FromSeconds(10) };

    // One bucket per client address, refilled a token at a time; idle buckets are dropped by the limiter.
    private readonly PartitionedRateLimiter<string> _exchanges = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = login.Value.ExchangesPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / login.Value.ExchangesPerMinute,
            QueueLimit = 0,
        }));

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ui/login", (HttpContext context, BrowserLogin login) => login.DescribeAsync(context)).AllowAnonymous();
        routes.MapPost("/ui/login/token", (HttpContext context, LoginCode code, BrowserLogin login) => login.ExchangeAsync(context, code)).AllowAnonymous();
    }

    /// <summary>
    /// The limiter's key for a client: an IPv4 address as itself, also when a dual-stack socket reports it IPv4-mapped,
    /// and an IPv6 address as its /64, the smallest network a provider hands one subscriber, who could otherwise take a
    /// fresh bucket with every address in it.
    /// </summary>
    private static string ClientNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>What the UI needs to send the user to the issuer: its authorization endpoint, the client and the scopes.</summary>
    private async Task<IResult> DescribeAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!login.Value.Enabled)
        {
            return Results.Json(new { enabled = false });
        }

        var issuer = await IssuerAsync(context.RequestAborted);
        return issuer is null
            ? Unavailable()
            : Results.Json(new { enabled = true, authorizationEndpoint = issuer.AuthorizationEndpoint, clientId = login.Value.ClientId, scope = login.Value.Scopes });
    }

    /// <summary>Exchanges the code the issuer sent back to the callback for an access token.</summary>
    private async Task<IResult> ExchangeAsync(HttpContext context, LoginCode code)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!login.Value.Enabled)
        {
            return Results.NotFound(new { message = $"logging in from the UI is not configured ({BrowserLoginOptions.Section}:ClientId)" });
        }

        if (code.Problem(context.Request.Host.Value ?? "", context.Request.PathBase + CallbackPath) is { } problem)
        {
            return Results.BadRequest(new { message = problem });
        }

        using var lease = _exchanges.AttemptAcquire(ClientNetwork(context.Connection.RemoteIpAddress));
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Json(
                new { message = $"too many logins from this address; at most {login.Value.ExchangesPerMinute} a minute ({BrowserLoginOptions.Section}:ExchangesPerMinute)" },
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var issuer = await IssuerAsync(context.RequestAborted);
        if (issuer is null)
        {
            return Unavailable();
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code.Code!,
            ["redirect_uri"] = code.RedirectUri!,
            ["client_id"] = login.Value.ClientId,
            ["code_verifier"] = code.CodeVerifier!,
        });
        TokenResponse? answer;
        int status;
        try
        {
            using var response = await Issuer.PostAsync(issuer.TokenEndpoint, form, context.RequestAborted);
            status = (int)response.StatusCode;
            answer = await JsonSerializer.DeserializeAsync<TokenResponse>(await response.Content.ReadAsStreamAsync(context.RequestAborted), cancellationToken: context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return Results.Json(new { message = $"the issuer's token endpoint did not answer with a token ({e.Message}); try again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (status is >= 200 and < 300 && answer?.AccessToken is { Length: > 0 } token)
        {
            return Results.Json(new { accessToken = token, expiresIn = answer.ExpiresIn });
        }

        // The issuer's own error words (RFC 6749 5.2), which say what to fix (an expired code, a client not allowed).
        return Results.BadRequest(new { message = $"the issuer refused the login: {answer?.Error ?? status.ToString(CultureInfo.InvariantCulture)}{(answer?.ErrorDescription is { } why ? $": {why}" : "")}" });
    }

    public void Dispose() => _exchanges.Dispose();

    private async Task<OpenIdConnectConfiguration?> IssuerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var configuration = await bearer.Get(BearerAuthenticator.JwtScheme).ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            var allowHttp = authentication.Value.Jwt.AllowHttpMetadata;
            return IsAllowed(configuration.AuthorizationEndpoint, allowHttp) && IsAllowed(configuration.TokenEndpoint, allowHttp) ? configuration : null;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static bool IsAllowed(string? endpoint, bool allowHttp) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp));

    private static IResult Unavailable() => Results.Json(
        new { message = "the token issuer's discovery document, with https authorization and token endpoints, cannot be fetched now; try again" },
        statusCode: StatusCodes.Status503ServiceUnavailable);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}

/// <summary>What the UI's callback posts: the code the issuer sent back, the PKCE verifier, and the redirect URI it used.</summary>
internal sealed record LoginCode(string? Code, string? CodeVerifier, string? RedirectUri)
{
    /// <summary>
    /// Why the code cannot be exchanged, or null. The redirect URI must be this service's callback as the browser
    /// addressed it: the request's host (behind a trusted proxy, the one it forwarded), its path under
    /// <c>Query:BasePath</c>, either scheme (a proxy in front may end TLS). The issuer checks it again, against the one
    /// the code was issued for.
    /// </summary>
    public string? Problem(string host, string callbackPath)
    {
        if (Code is not { Length: > 0 and <= 4096 })
        {
            return "code is missing or longer than 4096 characters";
        }

        // RFC 7636 4.1: 43 to 128 unreserved characters.
        if (CodeVerifier is not { Length: >= 43 and <= 128 } verifier || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return "codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636)";
        }

        return Uri.TryCreate(RedirectUri, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase) && uri.AbsolutePath == callbackPath && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? null
            : $"redirectUri must be this service's callback, http(s)://{host}{callbackPath}";
    }
}
