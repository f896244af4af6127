using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// Authenticates an API request by its bearer JWT (through ASP.NET Core's JWT bearer handler) or its static API
/// token, according to <see cref="AuthenticationOptions.Mode"/>. Only the <c>Authorization</c> and <c>X-API-Key</c>
/// headers are read; nothing else a client sends can name a subject, tenant or role.
/// </summary>
internal sealed class BearerAuthenticator(IOptions<AuthenticationOptions> options, StaticTokens tokens, IOptionsMonitor<JwtBearerOptions> bearer)
{
    public const string JwtScheme = "QueryJwt";

    private static readonly JsonWebTokenHandler Jwts = new();

    private readonly AuthenticationOptions _options = options.Value;

    public bool Enabled => _options.Modes != AuthenticationModes.None;

    /// <summary>The credential, or why there is none (a message safe to show the caller).</summary>
    /// <exception cref="SigningKeysUnavailableException">The JWT could not be checked: the issuer's keys were never fetched and cannot be now.</exception>
    public async Task<(Credential? Credential, string? Failure)> AuthenticateAsync(HttpContext context)
    {
        if (!Enabled)
        {
            return (Credential.Anonymous, null);
        }

        var token = Token(context.Request);
        if (token is null)
        {
            return (null, "a bearer token is required: send 'Authorization: Bearer <token>'");
        }

        var modes = _options.Modes;
        if (modes.HasFlag(AuthenticationModes.Tokens) && tokens.Find(token) is { } known)
        {
            return (new Credential(known.Name, known.Tenant, known.Roles), null);
        }

        if (!modes.HasFlag(AuthenticationModes.Jwt))
        {
            return (null, "the API token is not valid");
        }

        var result = await context.AuthenticateAsync(JwtScheme);
        if (!result.Succeeded)
        {
            if (Jwts.CanReadToken(token))
            {
                await ThrowIfKeysUnavailableAsync(context.RequestAborted);
            }

            return (null, Explain(result.Failure));
        }

        var principal = result.Principal;
        var jwt = _options.Jwt;
        var subject = ClaimPath.Values(principal, jwt.SubjectClaim) is [var name, ..] ? name : "unnamed";
        var tenant = ClaimPath.Values(principal, jwt.TenantClaim) is [var t, ..] ? t : null;
        return (new Credential(subject, tenant, ClaimPath.Values(principal, jwt.RolesClaim)), null);
    }

    /// <summary>
    /// After a failed JWT: whether the issuer's configuration is to blame. Once fetched it is kept through the issuer's
    /// outages, so this throws only while it has never been fetched.
    /// </summary>
    private async Task ThrowIfKeysUnavailableAsync(CancellationToken cancellationToken)
    {
        if (bearer.Get(JwtScheme).ConfigurationManager is not { } discovery)
        {
            return;
        }

        try
        {
            await discovery.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            throw new SigningKeysUnavailableException(_options.Jwt.MetadataAddress.Length > 0 ? _options.Jwt.MetadataAddress : _options.Jwt.Authority, e);
        }
    }

    private static string? Token(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        var apiKey = request.Headers["X-API-Key"].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }

    // Standard OAuth error descriptions: they tell an honest client what to fix and an attacker nothing new.
    private static string Explain(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "the bearer token has expired",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet",
        SecurityTokenInvalidAudienceException => "the bearer token is not for this audience",
        SecurityTokenInvalidIssuerException => "the bearer token's issuer is not trusted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature does not verify",
        _ => "the bearer token is not valid",
    };
}
