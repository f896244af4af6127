using System.Security.Cryptography;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>Refuses to start on an unset mode or on credentials that cannot work, naming the key and the fix.</summary>
internal sealed class AuthenticationOptionsValidator : IValidateOptions<AuthenticationOptions>
{
    private const string S = AuthenticationOptions.Section;

    public ValidateOptionsResult Validate(string? name, AuthenticationOptions options)
    {
        var failures = new List<string>();
        if (!AuthenticationModeNames.TryParse(options.Mode, out var modes, out var problem))
        {
            failures.Add($"{S}:Mode {problem}; {AuthenticationModeNames.Expected}.");
        }
        else
        {
            if (modes.HasFlag(AuthenticationModes.Jwt))
            {
                CheckJwt(options.Jwt, failures);
            }

            if (modes.HasFlag(AuthenticationModes.Tokens))
            {
                CheckTokens(options.Tokens, failures);
                if (options.ReloadInterval < TimeSpan.Zero)
                {
                    failures.Add($"{S}:ReloadInterval {options.ReloadInterval} is negative; use a duration such as 00:00:10.");
                }
            }
            else if (options.Tokens.Count > 0)
            {
                failures.Add($"{S}:Tokens are configured but {S}:Mode '{options.Mode}' does not include 'tokens'; add it (e.g. 'jwt,tokens') or remove the tokens.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckJwt(JwtOptions jwt, List<string> failures)
    {
        const string J = S + ":Jwt";
        if (jwt.UsesDiscovery == jwt.UsesKeyFiles)
        {
            failures.Add($"{J} needs exactly one key source: Authority (an OIDC issuer URL), or SigningKeyPath / JwksPath (key files).");
        }

        if (jwt.SigningKeyPath.Length > 0 && jwt.JwksPath.Length > 0)
        {
            failures.Add($"{J}:SigningKeyPath and JwksPath are both set; keep one.");
        }

        if (jwt.Audience.Length == 0)
        {
            failures.Add($"{J}:Audience is required; set it to the audience (client id) the issuer puts in tokens for this service.");
        }

        if (jwt.UsesKeyFiles && jwt.Issuer.Length == 0)
        {
            failures.Add($"{J}:Issuer is required with key files; set it to the 'iss' the tokens carry.");
        }

        var allowHttpKey = jwt.AllowHttpMetadata ? null : $"{J}:AllowHttpMetadata";
        failures.AddRange(new[] { IssuerUrl.Problem($"{J}:Authority", jwt.Authority, allowHttpKey), IssuerUrl.Problem($"{J}:MetadataAddress", jwt.MetadataAddress, allowHttpKey) }.OfType<string>());
        if (jwt.ReloadInterval < TimeSpan.Zero)
        {
            failures.Add($"{J}:ReloadInterval {jwt.ReloadInterval} is negative; use a duration such as 00:00:10.");
        }

        if (jwt.UsesKeyFiles && jwt.SigningKeyPath.Length + jwt.JwksPath.Length > 0)
        {
            try
            {
                SigningKeys.Load(jwt);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or FormatException or InvalidDataException or System.Text.Json.JsonException)
            {
                var key = jwt.JwksPath.Length > 0 ? $"JwksPath '{jwt.JwksPath}'" : $"SigningKeyPath '{jwt.SigningKeyPath}'";
                failures.Add($"{J}:{key} could not be loaded ({e.Message}); give a PEM public key (RSA or EC) or a JWKS file.");
            }
        }

        foreach (var (key, claim) in new[] { ("SubjectClaim", jwt.SubjectClaim), ("RolesClaim", jwt.RolesClaim), ("TenantClaim", jwt.TenantClaim) })
        {
            if (claim.Trim().Length == 0)
            {
                failures.Add($"{J}:{key} is empty; name the claim, e.g. 'sub', 'roles' or 'tenant'.");
            }
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{J}:ClockSkew {jwt.ClockSkew} is out of range; use 00:00:00 to 00:05:00.");
        }
    }

    private static void CheckTokens(List<StaticTokenOptions> tokens, List<string> failures)
    {
        if (tokens.Count == 0)
        {
            failures.Add($"{S}:Mode includes 'tokens' but {S}:Tokens is empty; add Tokens:0:Name, TokenPath, Tenant and Roles.");
        }

        var before = failures.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = $"{S}:Tokens:{i}";
            if (token.Name.Length == 0 || !names.Add(token.Name))
            {
                failures.Add($"{key}:Name '{token.Name}' is empty or used twice; give each token a unique name for the audit log.");
            }

            if (!Schemas.Storage.TenantName.IsValid(token.Tenant))
            {
                failures.Add($"{key}:Tenant '{token.Tenant}' is not valid: {Schemas.Storage.TenantName.Rule}.");
            }

            try
            {
                TokenFile.Read(token.TokenPath, StaticTokens.MinimumLength);
            }
            catch (InvalidDataException e)
            {
                failures.Add($"{key}:TokenPath '{token.TokenPath}': {e.Message}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                failures.Add($"{key}:TokenPath '{token.TokenPath}' could not be read ({e.Message}); point it at a file holding the token.");
            }
        }

        // Each file reads; whether two entries share a token is only known from all of them.
        if (failures.Count == before)
        {
            try
            {
                StaticTokens.Load(tokens);
            }
            catch (InvalidDataException e)
            {
                failures.Add($"{S}:Tokens: {e.Message}.");
            }
        }
    }
}
