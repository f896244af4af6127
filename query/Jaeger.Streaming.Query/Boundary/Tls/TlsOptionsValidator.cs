using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>Checks the TLS settings and loads the files, so a bad file stops the start rather than the first handshake.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private const string S = TlsOptions.Section;

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            CheckCertificate(options, failures);
        }
        else
        {
            if (options.RequireTls)
            {
                failures.Add($"{S}:RequireTls is true but {S}:CertificatePath is empty; set CertificatePath and KeyPath to PEM files, or RequireTls=false to allow plaintext.");
            }

            if (options.KeyPath.Length > 0 || options.ClientCaPath.Length > 0)
            {
                failures.Add($"{S}:KeyPath and ClientCaPath need {S}:CertificatePath; set it to the server certificate's PEM file.");
            }
        }

        if (options.RequireClientCertificate && options.ClientCaPath.Length == 0)
        {
            failures.Add($"{S}:RequireClientCertificate is true but {S}:ClientCaPath is empty; set it to the PEM bundle of the CAs that issue client certificates.");
        }

        if (options.ReloadInterval < TimeSpan.Zero)
        {
            failures.Add($"{S}:ReloadInterval {options.ReloadInterval} is negative; use a duration such as 00:00:10, or 00:00:00 to check on every handshake.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCertificate(TlsOptions options, List<string> failures)
    {
        if (options.KeyPath.Length == 0)
        {
            failures.Add($"{S}:KeyPath is required with CertificatePath; set it to the PEM file of the certificate's private key.");
            return;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            failures.Add($"{S}:CertificatePath '{options.CertificatePath}' with KeyPath '{options.KeyPath}' could not be loaded ({e.Message}); give PEM files of a certificate and its unencrypted private key.");
        }

        if (options.ClientCaPath.Length == 0)
        {
            return;
        }

        try
        {
            if (ClientCertificateAuthorities.Load(options.ClientCaPath).Count == 0)
            {
                failures.Add($"{S}:ClientCaPath '{options.ClientCaPath}' holds no certificate; give a PEM bundle of CA certificates.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            failures.Add($"{S}:ClientCaPath '{options.ClientCaPath}' could not be loaded ({e.Message}); give a PEM bundle of CA certificates.");
        }
    }
}
