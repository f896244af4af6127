using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>
/// A throwaway CA, the broker's certificate, client certificates and SCRAM passwords in PEM files, laid out as
/// infra/certs/generate.sh lays them out, so the broker configuration in infra/kafka can use either.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kafka-security-tests-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "secrets"));
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Jaeger Streaming test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaFile, ca.ExportCertificatePem());

        WriteLeaf(ca, "kafka", [ServerAuth, ClientAuth], "broker");
        foreach (var client in new[] { "admin", "collector", "ingester", "dlq-redrive" })
        {
            WriteLeaf(ca, client, [ClientAuth], client);
        }

        foreach (var user in new[] { "collector", "ingester", "dlq-redrive" })
        {
            File.WriteAllText(PasswordFile(user), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        }
    }

    /// <summary>The folder to mount as <c>/etc/kafka-jaeger/certs</c>.</summary>
    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string CertificateFile(string name) => Path.Combine(Directory, $"{name}.crt");

    public string KeyFile(string name) => Path.Combine(Directory, $"{name}.key");

    public string PasswordFile(string user) => Path.Combine(Directory, "secrets", $"{user}.password");

    /// <summary>A copy of <paramref name="name"/>'s key, encrypted with <paramref name="password"/>.</summary>
    public string EncryptedKeyFile(string name, string password)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(KeyFile(name)));
        var path = Path.Combine(Directory, $"{name}.encrypted.key");
        File.WriteAllText(path, key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        return path;
    }

    /// <summary>
    /// A file in the test folder with the given text, for secrets and malformed inputs. Tests running at once write the
    /// same file (<c>Options.Oidc</c>'s secret), so it is replaced by a rename: a reader never sees it truncated.
    /// </summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        var written = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}");
        File.WriteAllText(written, text);
        File.Move(written, path, overwrite: true);
        return path;
    }

    public string Missing(string name) => Path.Combine(Directory, "missing", name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    // The subject is CN=name alone: the broker maps it to the principal User:name.
    private void WriteLeaf(X509Certificate2 ca, string name, string[] usages, string fileName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(16));

        var certificatePem = certificate.ExportCertificatePem() + "\n";
        var keyPem = key.ExportPkcs8PrivateKeyPem() + "\n";
        File.WriteAllText(Path.Combine(Directory, $"{fileName}.crt"), certificatePem);
        File.WriteAllText(Path.Combine(Directory, $"{fileName}.key"), keyPem);
        File.WriteAllText(Path.Combine(Directory, $"{fileName}.pem"), keyPem + certificatePem);
    }
}
