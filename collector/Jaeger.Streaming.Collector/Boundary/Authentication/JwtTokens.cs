using System.Security.Cryptography;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Validates JWT bearer tokens (signature, <c>exp</c>/<c>nbf</c>, issuer, audience) and reads the producer from their
/// claims. Unsigned tokens are refused, and only the configured keys are trusted: an issuer's, from its discovery
/// document and JWKS (fetched again when a token names an unknown key), or a key file's, read again when it changes
/// (<see cref="JwtOptions.ReloadInterval"/>). Either way an issuer's key rotation needs no restart.
/// </summary>
internal sealed partial class JwtTokens
{
    /// <summary>The most a request waits for the issuer's discovery document or JWKS.</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _discovery;
    private readonly JwtOptions _options;
    private readonly ILogger _logger;

    public JwtTokens(JwtOptions options, TimeProvider time, ILogger logger)
    {
        (_options, _logger) = (options, logger);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer.Length > 0 ? options.Issuer : null,
            ValidAudience = options.Audience,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
        };
        if (options.UsesDiscovery)
        {
            _discovery = new ConfigurationManager<OpenIdConnectConfiguration>(
                options.DiscoveryAddress,
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(new HttpClient { Timeout = MetadataTimeout }) { RequireHttps = !options.AllowHttpMetadata });
            _parameters.ConfigurationManager = _discovery;
        }
        else
        {
            var keys = new ReloadingFiles<IList<SecurityKey>>(
                "the JWT signing keys",
                [options.JwksPath.Length > 0 ? options.JwksPath : options.SigningKeyPath],
                () => LoadKeys(options),
                loaded => $"{loaded.Count} signing key(s)",
                options.ReloadInterval,
                time,
                logger);
            _parameters.IssuerSigningKeyResolver = (_, _, _, _) => keys.Current;
        }
    }

    /// <summary>
    /// With an issuer: warns about plain-HTTP metadata, and fetches the keys, so that a collector that cannot reach its
    /// issuer says so at start. It starts anyway, and answers exports 503 until the keys can be fetched.
    /// </summary>
    public async Task StartAsync()
    {
        if (_discovery is null)
        {
            return;
        }

        if (_options.AllowHttpMetadata)
        {
            LogHttpMetadata(_logger);
        }

        try
        {
            var configuration = await _discovery.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
            LogKeysFetched(_logger, configuration.SigningKeys.Count, _options.DiscoveryAddress, configuration.Issuer);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogKeysUnavailable(_logger, _options.DiscoveryAddress, e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>
    /// The keys from <see cref="JwtOptions.SigningKeyPath"/> (PEM, EC or RSA) or <see cref="JwtOptions.JwksPath"/>;
    /// throws <see cref="InvalidDataException"/> for a JWKS without a signing key, so a reload never leaves none.
    /// </summary>
    internal static IList<SecurityKey> LoadKeys(JwtOptions options)
    {
        if (options.JwksPath.Length > 0)
        {
            var keys = new JsonWebKeySet(File.ReadAllText(options.JwksPath)).GetSigningKeys();
            return keys.Count > 0 ? keys : throw new InvalidDataException("it holds no key usable for signatures");
        }

        return [PublicKeyPem.Load(options.SigningKeyPath) switch
        {
            ECDsa ec => new ECDsaSecurityKey(ec),
            RSA rsa => new RsaSecurityKey(rsa),
            var other => throw new CryptographicException($"unexpected key type {other.GetType().Name}"),
        }];
    }

    /// <summary>The producer a valid token names; null for an invalid, expired or tenant-less token.</summary>
    /// <exception cref="SigningKeysUnavailableException">The issuer's keys have never been fetched, and cannot be now.</exception>
    public async ValueTask<Producer?> AuthenticateAsync(string token)
    {
        if (_discovery is not null && _handler.CanReadToken(token))
        {
            try
            {
                // Once fetched, the configuration is kept through the issuer's outages; this throws only before that.
                await _discovery.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or OperationCanceledException)
            {
                throw new SigningKeysUnavailableException(_options.DiscoveryAddress, e);
            }
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(_options.TenantClaim)?.Value is not { Length: > 0 } tenant)
        {
            return null;
        }

        HashSet<string>? services = null;
        foreach (var claim in result.ClaimsIdentity.FindAll(_options.ServicesClaim))
        {
            services ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                services.Add(service);
            }
        }

        return new Producer(tenant, services);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Collector:Authentication:Jwt:AllowHttpMetadata is true: the token issuer's signing keys are fetched over plain HTTP and could be replaced in transit. Use an https issuer in production")]
    private static partial void LogHttpMetadata(ILogger logger);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Fetched {Count} JWT signing key(s) from {Address} (issuer {Issuer})")]
    private static partial void LogKeysFetched(ILogger logger, int count, string address, string issuer);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Cannot fetch the token issuer's signing keys from {Address} ({Reason}); exports presenting a JWT are answered 503 until they can be fetched")]
    private static partial void LogKeysUnavailable(ILogger logger, string address, string reason);
}
