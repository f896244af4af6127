using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Finds who sent an export from <c>Authorization: Bearer</c> or <c>X-API-Key</c>: a static token first, then a JWT
/// when configured. Both receivers ask it before doing any work for the request. It is a hosted service so that it is
/// built when the collector starts, after the options are validated: its token and key files are read then, not at the
/// first request, and an OIDC issuer's keys are fetched then.
/// </summary>
internal sealed class ProducerAuthenticator : IHostedService
{
    internal const string UnauthenticatedMessage = "Missing or unknown credential; send 'Authorization: Bearer <token>' or 'X-API-Key: <token>' with a token the collector accepts.";

    private const string ApiKeyHeader = "X-API-Key";
    private const string BearerPrefix = "Bearer ";

    private readonly StaticTokens _static;
    private readonly JwtTokens? _jwt;
    private readonly bool _enabled;

    public ProducerAuthenticator(IOptions<AuthenticationOptions> options, StaticTokens staticTokens, TimeProvider time, ILogger<ProducerAuthenticator> logger)
    {
        _static = staticTokens;
        _jwt = options.Value.Jwt.Enabled ? new JwtTokens(options.Value.Jwt, time, logger) : null;
        _enabled = options.Value.Enabled;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _jwt?.StartAsync() ?? Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The producer; <see cref="Producer.Anonymous"/> when authentication is off; null when refused (401 / UNAUTHENTICATED).</summary>
    public ValueTask<Producer?> AuthenticateAsync(HttpRequest request)
    {
        if (!_enabled)
        {
            return ValueTask.FromResult<Producer?>(Producer.Anonymous);
        }

        var token = PresentedToken(request);
        if (token.Length == 0)
        {
            return ValueTask.FromResult<Producer?>(null);
        }

        if (_static.Find(token) is { } producer)
        {
            return ValueTask.FromResult<Producer?>(producer);
        }

        return _jwt is null ? ValueTask.FromResult<Producer?>(null) : _jwt.AuthenticateAsync(token);
    }

    private static string PresentedToken(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return request.Headers[ApiKeyHeader].ToString().Trim();
    }
}
