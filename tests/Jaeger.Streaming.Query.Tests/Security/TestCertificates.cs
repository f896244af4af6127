using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, as PEM files in a temporary directory.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jaeger-query-certs-").FullName;

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=query test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(31));
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        Issue("server", "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", san.Build());
        Client = Issue("client", "CN=analyst", "1.3.6.1.5.5.7.3.2", null);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Client { get; }

    public string CaPath => Path.Combine(_dir, "ca.crt");

    public string ServerCertificatePath => Path.Combine(_dir, "server.crt");

    public string ServerKeyPath => Path.Combine(_dir, "server.key");

    /// <summary>An HTTP handler that trusts only the test CA, optionally presenting the client certificate.</summary>
    public HttpClientHandler Handler(bool withClientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        if (withClientCertificate)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(Client);
        }

        return handler;
    }

    public void Dispose()
    {
        Ca.Dispose();
        Client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private X509Certificate2 Issue(string name, string subject, string purpose, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(purpose)], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        var withKey = issued.CopyWithPrivateKey(key);
        File.WriteAllText(Path.Combine(_dir, $"{name}.crt"), withKey.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, $"{name}.key"), key.ExportPkcs8PrivateKeyPem());

        // Through PKCS#12 so the private key is usable for client authentication on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
