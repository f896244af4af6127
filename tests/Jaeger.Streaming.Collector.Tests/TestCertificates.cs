using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>A throw-away PKI made in the test: a CA, and server and client certificates it signs, written as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name = "test")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("collector-tls-").FullName;
        var request = new CertificateRequest($"CN={name} CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityPath = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(AuthorityPath, Authority.ExportCertificatePem());
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public string AuthorityPath { get; }

    /// <summary>A server certificate for 127.0.0.1, written to <c>server.pem</c> and <c>server.key</c> (overwriting: a rotation).</summary>
    public (string CertificatePath, string KeyPath, X509Certificate2 Certificate) WriteServer(string subject = "collector")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = Sign(request);
        var (certificatePath, keyPath) = (Path.Combine(Directory, "server.pem"), Path.Combine(Directory, "server.key"));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return (certificatePath, keyPath, certificate);
    }

    /// <summary>A client certificate signed by this CA, with its private key, ready for an <c>SslClientAuthenticationOptions</c>.</summary>
    public X509Certificate2 Client(string subject = "producer")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = Sign(request).CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private X509Certificate2 Sign(CertificateRequest request)
    {
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var signer = X509CertificateLoader.LoadCertificate(Authority.RawData).CopyWithPrivateKey(_caKey);
        return request.Create(signer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
    }
}
