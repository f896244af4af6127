using Jaeger.Streaming.Query.Api;
using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Secrets;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Boundary.Authorization;

/// <summary>
/// The B4 gate in front of every API endpoint: authenticate (401, or 503 with a retry delay while the token issuer's
/// keys cannot be fetched), resolve the caller's <see cref="ReadScope"/> (403
/// when the roles grant nothing), refuse a request that names a service outside it (403), then hand the scope to the
/// handler as a request feature, which it passes to every storage read.
/// </summary>
internal sealed class AccessFilter(BearerAuthenticator authenticator, RolePolicy policy) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        Credential? credential;
        string? failure;
        try
        {
            (credential, failure) = await authenticator.AuthenticateAsync(http);
        }
        catch (SigningKeysUnavailableException e)
        {
            http.Features.Set(new AccessDecision(null, null, e.Message));
            http.Response.Headers.RetryAfter = ((int)SigningKeysUnavailableException.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.For(http, StatusCodes.Status503ServiceUnavailable, e.Message);
        }

        if (credential is null)
        {
            http.Features.Set(new AccessDecision(null, null, failure));
            http.Response.Headers.WWWAuthenticate = http.Request.Headers.Authorization.Count == 0
                ? "Bearer"
                : $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
            return ApiErrors.For(http, StatusCodes.Status401Unauthorized, failure!);
        }

        var decision = policy.Decide(credential, authenticator.Enabled);
        if (decision.Scope is { } scope && RequestedData.Of(http).Service is { } service && !scope.Permits(service))
        {
            decision = decision with { Refusal = $"service '{service}' is not permitted in tenant '{scope.Tenant}'" };
        }

        http.Features.Set(decision);
        if (decision.Refusal is not null || decision.Scope is null)
        {
            return ApiErrors.For(http, StatusCodes.Status403Forbidden, decision.Refusal ?? "access denied");
        }

        http.Features.Set(decision.Scope);
        return await next(context);
    }
}
