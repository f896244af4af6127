using Jaeger.Streaming.Query.Boundary.Authentication;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>Refuses to start without an audit log while authentication is on, or with a file that cannot be written.</summary>
internal sealed class AuditOptionsValidator(IOptions<AuthenticationOptions> authentication) : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        if (!options.Enabled)
        {
            return authentication.Value.Modes == AuthenticationModes.None
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{AuditOptions.Section}:Enabled is false while {AuthenticationOptions.Section}:Mode is '{authentication.Value.Mode}'; the audit log cannot be turned off while authentication is on. Remove the setting.");
        }

        try
        {
            using var file = AuditLog.Open(options.Path);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ValidateOptionsResult.Fail($"{AuditOptions.Section}:Path '{options.Path}' cannot be written ({e.Message}); point it at a file in a writable directory.");
        }
    }
}
