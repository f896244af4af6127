using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>Registers <see cref="AuthenticationOptions"/>, the JWT bearer handler and the static tokens.</summary>
internal static partial class AuthenticationSetup
{
    public static IServiceCollection AddQueryAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthenticationOptions>().BindConfiguration(AuthenticationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthenticationOptions>, AuthenticationOptionsValidator>();
        services.AddSingleton<StaticTokens>();
        services.AddSingleton<BearerAuthenticator>();
        services.AddHostedService<AuthenticationStartup>();
        services.AddOptions<BrowserLoginOptions>().BindConfiguration(BrowserLoginOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrowserLoginOptions>, BrowserLoginOptionsValidator>();
        services.AddSingleton<BrowserLogin>();
        services.AddAuthentication().AddJwtBearer(BearerAuthenticator.JwtScheme);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JwtBearerOptions>(BearerAuthenticator.JwtScheme).Configure<IOptions<AuthenticationOptions>, TimeProvider, ILogger<BearerAuthenticator>>(
            (bearer, options, time, logger) => Configure(bearer, options.Value.Jwt, time, logger));
        return services;
    }

    private static void Configure(JwtBearerOptions bearer, JwtOptions jwt, TimeProvider time, ILogger logger)
    {
        // Claim names stay as the issuer wrote them, so RolesClaim and TenantClaim mean what the token says.
        bearer.MapInboundClaims = false;
        bearer.Audience = jwt.Audience;
        bearer.RequireHttpsMetadata = !jwt.AllowHttpMetadata;
        if (jwt.Authority.Length > 0)
        {
            bearer.Authority = jwt.Authority;
        }

        if (jwt.MetadataAddress.Length > 0)
        {
            bearer.MetadataAddress = jwt.MetadataAddress;
        }

        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer.Length > 0 ? jwt.Issuer : null,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = jwt.SubjectClaim,
        };
        if (jwt.UsesKeyFiles)
        {
            var keys = SigningKeys.Reloading(jwt, time, logger);
            bearer.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => keys.Current;
        }
    }

    /// <summary>
    /// Says at start what is insecure about the chosen authentication, every time the service starts; and builds the
    /// authenticator and the JWT handler's options then, after validation, so that token and key files are read at
    /// start rather than at the first request.
    /// </summary>
    private sealed partial class AuthenticationStartup(
        IOptions<AuthenticationOptions> options, BearerAuthenticator authenticator, IOptionsMonitor<JwtBearerOptions> bearer, ILogger<BearerAuthenticator> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var value = options.Value;
            _ = authenticator; // built by being injected: its token files have been read, now rather than at the first request
            if (value.Modes.HasFlag(AuthenticationModes.Jwt))
            {
                bearer.Get(BearerAuthenticator.JwtScheme);
            }

            if (value.Modes == AuthenticationModes.None)
            {
                LogNoAuthentication(logger);
            }
            else if (value.Modes.HasFlag(AuthenticationModes.Jwt) && value.Jwt.AllowHttpMetadata)
            {
                LogHttpMetadata(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Query:Authentication:Mode is 'none': anyone who reaches the query API reads every trace of the default tenant, and RBAC and tenancy do not apply. Set Mode to 'jwt' or 'tokens' in production")]
        private static partial void LogNoAuthentication(ILogger logger);

        [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Query:Authentication:Jwt:AllowHttpMetadata is true: signing keys are fetched over plain HTTP and could be replaced in transit. Use an https issuer in production")]
        private static partial void LogHttpMetadata(ILogger logger);
    }
}
