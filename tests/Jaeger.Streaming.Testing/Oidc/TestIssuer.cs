using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Testing.Oidc;

/// <summary>
/// An OIDC issuer inside the test: a loopback HTTP server with a discovery document and a JWKS holding one EC P-256
/// key, and the means to sign tokens with it (or with a key it does not publish). It serves once initialized, so a
/// test can start a service before its issuer. Compiled into the test projects that have IdentityModel (their
/// csproj links this file), so that the shared Testing library does not depend on it.
/// </summary>
public sealed class TestIssuer : IAsyncLifetime
{
    public const string Audience = "jaeger";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly int _port = FreePort.Next();
    private WebApplication? _app;

    public string Authority => $"http://127.0.0.1:{_port}/realms/tracing";

    /// <summary>The public key as PEM, for the static-key mode.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The public key of the key this issuer does not publish, as PEM: what an issuer rotates to.</summary>
    public string StrangerPublicKeyPem => _strangerKey.ExportSubjectPublicKeyInfoPem();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(_key) { KeyId = "k1" });
        _app.MapGet("/realms/tracing/.well-known/openid-configuration", () => Results.Text(
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = Authority,
                ["jwks_uri"] = $"{Authority}/protocol/openid-connect/certs",
                ["authorization_endpoint"] = $"{Authority}/protocol/openid-connect/auth",
                ["token_endpoint"] = $"{Authority}/protocol/openid-connect/token",
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            }),
            "application/json"));
        _app.MapGet("/realms/tracing/protocol/openid-connect/certs", () => Results.Text(
            JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid, use = "sig", alg = "ES256" } } }),
            "application/json"));
        _app.MapGet("/realms/tracing/protocol/openid-connect/auth", Authorize);
        _app.MapPost("/realms/tracing/protocol/openid-connect/token", IssueAsync);
        await _app.StartAsync();
    }

    /// <summary>Codes issued by the authorization endpoint and not yet exchanged, each with its PKCE challenge and redirect URI.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();

    /// <summary>The public client this issuer knows, with the authorization code flow and PKCE.</summary>
    public const string ClientId = "jaeger-ui";

    /// <summary>Who logs in at the authorization endpoint (no form: the user is taken as logged in), with these roles and tenant.</summary>
    public (string Subject, string[] Roles, string? Tenant) LoginUser { get; set; } = ("analyst-alice", ["analyst"], null);

    /// <summary>When the tokens the login hands out expire; null for ten minutes from now. A time past gives refused tokens.</summary>
    public DateTime? LoginTokenExpires { get; set; }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.BadRequest("unknown client, or not the code flow with an S256 PKCE challenge");
        }

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (query["code_challenge"]!, query["redirect_uri"]!);
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || !_codes.TryRemove(form["code"].ToString(), out var issued))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Code not valid" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != issued.Challenge || form["redirect_uri"] != issued.RedirectUri)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Json(new { access_token = Token(LoginUser.Subject, LoginUser.Roles, LoginUser.Tenant, expires: LoginTokenExpires), token_type = "Bearer", expires_in = 600 });
    }

    /// <summary>A token for <paramref name="subject"/>; the other parameters spoil one check each.</summary>
    public string Token(
        string subject,
        IReadOnlyList<string>? roles = null,
        string? tenant = null,
        string? audience = null,
        string? issuer = null,
        DateTime? expires = null,
        bool signedByStranger = false,
        IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var payload = new Dictionary<string, object>(claims ?? new Dictionary<string, object>())
        {
            ["sub"] = subject,
        };
        if (roles is not null)
        {
            payload["roles"] = roles.ToArray();
        }

        if (tenant is not null)
        {
            payload["tenant"] = tenant;
        }

        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience ?? Audience,
            IssuedAt = expiry.AddMinutes(-20),
            NotBefore = expiry.AddMinutes(-20),
            Expires = expiry,
            Claims = payload,
            SigningCredentials = new SigningCredentials(
                new ECDsaSecurityKey(signedByStranger ? _strangerKey : _key) { KeyId = "k1" },
                SecurityAlgorithms.EcdsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
        _strangerKey.Dispose();
    }
}
