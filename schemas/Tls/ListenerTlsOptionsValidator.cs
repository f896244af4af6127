using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// Checks the TLS settings, and that the files load, so that a bad file stops the start, not the first handshake.
/// Messages name the keys under <paramref name="section"/>, the section the service binds (<c>Collector:Tls</c>).
/// </summary>
/// <param name="section">The configuration section the options are bound from, as named in error messages.</param>
public sealed class ListenerTlsOptionsValidator(string section) : IValidateOptions<ListenerTlsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ListenerTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Enabled)
        {
            if (options.RequireTls)
            {
                failures.Add($"{section}:RequireTls is true but {section}:CertificatePath is empty; set CertificatePath and KeyPath to PEM files, or set RequireTls=false to allow plaintext.");
            }

            if (options.KeyPath.Length > 0 || options.ClientCaPath.Length > 0 || options.RequireClientCertificate)
            {
                failures.Add($"{section}:KeyPath, ClientCaPath and RequireClientCertificate need {section}:CertificatePath; set it to the server certificate's PEM file.");
            }
        }
        else if (options.KeyPath.Length == 0)
        {
            failures.Add($"{section}:KeyPath is required with CertificatePath; set it to the PEM file of the certificate's private key.");
        }
        else
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                failures.Add($"{section}:CertificatePath '{options.CertificatePath}' with KeyPath '{options.KeyPath}' could not be loaded: {e.Message}; give PEM files of a certificate and its unencrypted private key.");
            }
        }

        if (options.RequireClientCertificate && options.ClientCaPath.Length == 0)
        {
            failures.Add($"{section}:RequireClientCertificate is true but {section}:ClientCaPath is empty; set it to the PEM bundle of the CAs that issue client certificates.");
        }

        if (options.ClientCaPath.Length > 0 && options.Enabled)
        {
            try
            {
                ClientCertificateTrust.LoadBundle(options.ClientCaPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException)
            {
                failures.Add($"{section}:ClientCaPath '{options.ClientCaPath}' could not be loaded: {e.Message}; give a PEM bundle of CA certificates.");
            }
        }

        if (options.ReloadInterval < TimeSpan.Zero)
        {
            failures.Add($"{section}:ReloadInterval {options.ReloadInterval} is negative; use a duration such as 00:00:10, or 00:00:00 to check on every handshake.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
