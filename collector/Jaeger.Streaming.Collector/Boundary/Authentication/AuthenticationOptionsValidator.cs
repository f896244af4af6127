using Jaeger.Streaming.Schemas.Secrets;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>Checks every credential, and that its token file holds a token long enough not to be guessed.</summary>
internal sealed class AuthenticationOptionsValidator : IValidateOptions<AuthenticationOptions>
{
    internal const int MinTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthenticationOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Credentials.Count; i++)
        {
            var credential = options.Credentials[i];
            var key = $"{AuthenticationOptions.Section}:Credentials:{i}";
            if (credential.Tenant.Length == 0)
            {
                failures.Add($"{key}:Tenant is required; name the tenant whose spans this credential writes.");
            }
            else if (!TenantName.IsValid(credential.Tenant))
            {
                failures.Add($"{key}:Tenant '{credential.Tenant}' is not valid: {TenantName.Rule}.");
            }

            if (credential.TokenPath.Length == 0)
            {
                failures.Add($"{key}:TokenPath is required; point it to a file holding the token.");
                continue;
            }

            try
            {
                TokenFile.Read(credential.TokenPath, MinTokenLength);
            }
            catch (InvalidDataException e)
            {
                failures.Add($"{key}:TokenPath '{credential.TokenPath}': {e.Message}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{key}:TokenPath '{credential.TokenPath}' could not be read: {e.Message}; check the path and the file's permissions.");
            }
        }

        if (options.ReloadInterval < TimeSpan.Zero)
        {
            failures.Add($"{AuthenticationOptions.Section}:ReloadInterval {options.ReloadInterval} is negative; use a duration such as 00:00:10.");
        }

        ValidateJwt(failures, options.Jwt);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateJwt(List<string> failures, JwtOptions jwt)
    {
        var key = $"{AuthenticationOptions.Section}:Jwt";
        if (!jwt.Enabled)
        {
            return;
        }

        if ((jwt.SigningKeyPath.Length > 0 ? 1 : 0) + (jwt.JwksPath.Length > 0 ? 1 : 0) + (jwt.UsesDiscovery ? 1 : 0) > 1)
        {
            failures.Add($"{key} has more than one key source; keep one of Authority (an OIDC issuer URL), SigningKeyPath and JwksPath.");
            return;
        }

        if (jwt.Audience.Length == 0 || (jwt.UsesKeyFiles && jwt.Issuer.Length == 0))
        {
            failures.Add($"{key}:Issuer and {key}:Audience are required with a JWT key (with an Authority, Issuer is discovered); set them to the iss and aud your token issuer writes.");
        }

        var allowHttpKey = jwt.AllowHttpMetadata ? null : $"{key}:AllowHttpMetadata";
        failures.AddRange(new[] { IssuerUrl.Problem($"{key}:Authority", jwt.Authority, allowHttpKey), IssuerUrl.Problem($"{key}:MetadataAddress", jwt.MetadataAddress, allowHttpKey) }.OfType<string>());
        if (jwt.TenantClaim.Length == 0)
        {
            failures.Add($"{key}:TenantClaim is empty; name the claim that holds the tenant (the default is 'tenant').");
        }

        if (jwt.ClockSkew < TimeSpan.Zero)
        {
            failures.Add($"{key}:ClockSkew {jwt.ClockSkew} is negative; use a duration such as 00:00:30.");
        }

        if (jwt.ReloadInterval < TimeSpan.Zero)
        {
            failures.Add($"{key}:ReloadInterval {jwt.ReloadInterval} is negative; use a duration such as 00:00:10.");
        }

        if (!jwt.UsesKeyFiles)
        {
            return;
        }

        try
        {
            JwtTokens.LoadKeys(jwt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException or FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            var path = jwt.JwksPath.Length > 0 ? $"JwksPath '{jwt.JwksPath}'" : $"SigningKeyPath '{jwt.SigningKeyPath}'";
            failures.Add($"{key}:{path} could not be loaded: {e.Message}; give a PEM public key (RSA or EC) or a JWKS JSON file.");
        }
    }
}
